package io.pysample.export;

import com.fasterxml.jackson.core.JsonGenerator;
import io.pysample.core.asyncio.AsyncMode;
import io.pysample.core.asyncio.TaskDump;
import io.pysample.core.walk.Frame;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code "asyncio"} member of {@code pysample dump --async --json} (see {@link DumpJson}): the tasks grouped by
 * the thread whose event loop holds them, like CPython 3.14's {@code RemoteUnwinder.get_all_awaited_by()}:
 * <pre>
 * "asyncio": { "mode": "running" | "all",
 *   "threads": [ { "native_thread_id": int,
 *                  "tasks": [ { "task_id": int, "name": str, "state": "running" | "waiting",
 *                               "frames": [ { "function": str, "file": str, "line": int, "first_line": int } ],
 *                               "awaited_by": [ int ] } ] } ] }
 * </pre>
 * {@code native_thread_id} as in {@code threads} (0: tasks of threads that ended); threads in the order of their
 * first task, running tasks first. {@code task_id} is the task's address ({@code id(task)} in the target);
 * {@code frames} are the task's own, innermost first (see {@link TaskDump#frames}); {@code awaited_by} holds the
 * {@code task_id}s of the tasks awaiting it, each a task of the same document.
 */
public final class AsyncTasksJson {
    private AsyncTasksJson() {
    }

    /** Writes the {@code "asyncio"} field; {@code tasks} null (a target older than 3.14) writes {@code null}. */
    static void writeField(JsonGenerator g, AsyncMode mode, List<TaskDump> tasks) throws IOException {
        g.writeFieldName("asyncio");
        if (tasks == null) {
            g.writeNull();
            return;
        }
        Map<Long, List<TaskDump>> byThread = new LinkedHashMap<>();
        for (TaskDump t : tasks) {
            byThread.computeIfAbsent(t.nativeThreadId(), k -> new ArrayList<>()).add(t);
        }
        g.writeStartObject();
        g.writeStringField("mode", mode.name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("threads");
        for (Map.Entry<Long, List<TaskDump>> e : byThread.entrySet()) {
            g.writeStartObject();
            g.writeNumberField("native_thread_id", e.getKey());
            g.writeArrayFieldStart("tasks");
            for (TaskDump t : e.getValue()) {
                writeTask(g, t);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeTask(JsonGenerator g, TaskDump t) throws IOException {
        g.writeStartObject();
        g.writeNumberField("task_id", t.taskId());
        g.writeStringField("name", t.name());
        g.writeStringField("state", t.running() ? "running" : "waiting");
        g.writeArrayFieldStart("frames");
        for (Frame f : t.frames()) {
            DumpJson.writeFrame(g, f);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("awaited_by");
        for (long a : t.awaitedBy()) {
            g.writeNumber(a);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
