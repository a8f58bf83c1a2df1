package io.pysample.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.Frame;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code pysample dump --json}: one JSON document. Schema (stable field names, snake_case):
 * <pre>
 * { "pid": int, "command_line": str, "executable": str, "python_version": str, "dropped_threads": int,
 *   "threads": [ { "thread_id": int, "native_thread_id": int, "name": str, "main": bool, "holds_gil": bool,
 *                  "active": bool, "os_state": str (one letter), "gc_running": bool, "truncated": bool,
 *                  "frames": [ { "function": str, "file": str, "line": int, "first_line": int } ] } ] }
 * </pre>
 * Frames are innermost first; {@code line} is 0 when unknown.
 */
public final class DumpJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false); // never close System.out

    private DumpJson() {
    }

    public static ObjectNode toJson(StackDump dump) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("pid", dump.pid());
        root.put("command_line", dump.commandLine());
        root.put("executable", dump.executable());
        root.put("python_version", dump.pythonVersion());
        root.put("dropped_threads", dump.droppedThreads());
        ArrayNode threads = root.putArray("threads");
        for (ThreadDump t : dump.threads()) {
            ObjectNode tn = threads.addObject();
            tn.put("thread_id", t.threadId());
            tn.put("native_thread_id", t.nativeThreadId());
            tn.put("name", t.name());
            tn.put("main", t.main());
            tn.put("holds_gil", t.holdsGil());
            tn.put("active", t.active());
            tn.put("os_state", String.valueOf(t.osState()));
            tn.put("gc_running", t.gcRunning());
            tn.put("truncated", t.truncated());
            ArrayNode frames = tn.putArray("frames");
            for (Frame f : t.frames()) {
                ObjectNode fn = frames.addObject();
                fn.put("function", f.function());
                fn.put("file", f.file());
                fn.put("line", f.line());
                fn.put("first_line", f.firstLine());
            }
        }
        return root;
    }

    public static void write(StackDump dump, OutputStream out) throws IOException {
        MAPPER.writeValue(out, toJson(dump));
    }
}
