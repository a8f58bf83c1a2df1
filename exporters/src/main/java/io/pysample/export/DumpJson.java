package io.pysample.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.pysample.core.asyncio.AsyncMode;
import io.pysample.core.asyncio.TaskDump;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code pysample dump --json}: one JSON document. Schema (stable field names, snake_case):
 * <pre>
 * { "pid": int, "command_line": str, "executable": str, "python_version": str, "dropped_threads": int,
 *   "threads": [ { "thread_id": int, "native_thread_id": int, "name": str, "main": bool, "holds_gil": bool,
 *                  "active": bool, "os_state": str (one letter), "gc_running": bool, "truncated": bool,
 *                  "frames": [ { "function": str, "file": str, "line": int, "first_line": int } ] } ],
 *   "asyncio": { ... } (only with --async: see {@link AsyncTasksJson}) }
 * </pre>
 * Frames are innermost first; {@code line} is 0 when unknown.
 */
public final class DumpJson {
    /** Streaming only: an {@code ObjectMapper} costs a tenth of a second of class loading in a one-shot command. */
    private static final JsonFactory JSON = new JsonFactory();

    private DumpJson() {
    }

    /** Writes {@code dump} as one indented JSON document; {@code out} is flushed, not closed. */
    public static void write(StackDump dump, OutputStream out) throws IOException {
        write(dump, null, null, out);
    }

    /**
     * Writes {@code dump} with an {@code "asyncio"} member ({@link AsyncTasksJson}) after the threads.
     *
     * @param mode which tasks {@code tasks} holds (written as {@code "mode"}); null leaves the member out
     * @param tasks the tasks, running first; null writes {@code "asyncio": null} (a target older than 3.14)
     */
    public static void write(StackDump dump, AsyncMode mode, List<TaskDump> tasks, OutputStream out)
            throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // never close System.out
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("pid", dump.pid());
            g.writeStringField("command_line", dump.commandLine());
            g.writeStringField("executable", dump.executable());
            g.writeStringField("python_version", dump.pythonVersion());
            g.writeNumberField("dropped_threads", dump.droppedThreads());
            g.writeArrayFieldStart("threads");
            for (ThreadDump t : dump.threads()) {
                g.writeStartObject();
                g.writeNumberField("thread_id", t.threadId());
                g.writeNumberField("native_thread_id", t.nativeThreadId());
                g.writeNumberField("namespace_thread_id", t.namespaceThreadId());
                g.writeNumberField("interpreter_id", t.interpreterId());
                g.writeStringField("name", t.name());
                g.writeBooleanField("main", t.main());
                g.writeBooleanField("holds_gil", t.holdsGil());
                g.writeBooleanField("active", t.active());
                g.writeStringField("os_state", String.valueOf(t.osState()));
                g.writeBooleanField("gc_running", t.gcRunning());
                g.writeBooleanField("truncated", t.truncated());
                g.writeArrayFieldStart("frames");
                for (Frame f : t.frames()) {
                    writeFrame(g, f);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            if (mode != null) {
                AsyncTasksJson.writeField(g, mode, tasks);
            }
            g.writeEndObject();
        }
    }

    /** One frame object: {@code function}, {@code file}, {@code line}, {@code first_line}. */
    static void writeFrame(JsonGenerator g, Frame f) throws IOException {
        g.writeStartObject();
        g.writeStringField("function", f.function());
        g.writeStringField("file", f.file());
        g.writeNumberField("line", f.line());
        g.writeNumberField("first_line", f.firstLine());
        g.writeEndObject();
    }
}
