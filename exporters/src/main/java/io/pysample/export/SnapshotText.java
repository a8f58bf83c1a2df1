package io.pysample.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pysample snapshot} as text: a header, then the sections present in the document (threads, locals, gc,
 * asyncio) and any section errors. Frames are shown innermost first as {@code function (file:line)}, as in
 * {@code dump}. Input is the snapshot JSON document (schema in the README), validated by the remote-exec module;
 * every line is written with control characters replaced, as the document's strings come from the target.
 */
public final class SnapshotText {
    private SnapshotText() {
    }

    public static void write(JsonNode doc, PrintStream out) {
        write(doc, out, -1);
    }

    /**
     * As {@link #write(JsonNode, PrintStream)}, naming the process {@code hostPid} (pysample's id of it), with the
     * pid the target reported beside it when that differs (the target runs in another PID namespace); -1: the
     * target's pid only.
     */
    public static void write(JsonNode doc, PrintStream out, long hostPid) {
        JsonNode t = doc.path("thread");
        String pid = doc.path("pid").asText("?");
        if (hostPid > 0 && !pid.equals(Long.toString(hostPid))) {
            pid = hostPid + " (pid " + pid + " in its PID namespace)";
        }
        println(out, "Snapshot of process " + pid + " (Python " + doc.path("python").asText("?")
                + "), taken in thread " + t.path("native_id").asText("?") + name(t.path("name"))
                + (t.path("main").asBoolean() ? " [main]" : ""));
        if (doc.has("threads")) {
            threads(doc.get("threads"), out);
        }
        if (doc.has("locals")) {
            locals(doc.get("locals"), out);
        }
        if (doc.has("gc")) {
            gc(doc.get("gc"), out);
        }
        if (doc.has("asyncio")) {
            asyncio(doc.get("asyncio"), out);
        }
        JsonNode errors = doc.path("errors");
        for (Map.Entry<String, JsonNode> e : errors.properties()) {
            out.println();
            println(out, e.getKey() + ": failed in the target: " + e.getValue().asText());
        }
    }

    private static void threads(JsonNode s, PrintStream out) {
        JsonNode list = s.path("threads");
        out.println();
        println(out, "Threads (" + list.size() + ")" + (s.path("threading_imported").asBoolean(true) ? ""
                : ": threading is not imported, names unknown") + ":");
        for (JsonNode th : list) {
            StringBuilder sb = new StringBuilder("    ");
            sb.append(th.path("native_id").isNull() || th.path("native_id").isMissingNode() ? "ident "
                    + th.path("ident").asText() : th.path("native_id").asText());
            sb.append(name(th.path("name")));
            if (th.path("main").asBoolean()) {
                sb.append(" [main]");
            }
            if (th.path("daemon").asBoolean()) {
                sb.append(" [daemon]");
            }
            if (th.path("current").asBoolean()) {
                sb.append(" [ran the snapshot]");
            }
            JsonNode f = th.path("function");
            sb.append(f.isObject() ? ": " + frame(f) : ": (no Python frames)");
            println(out, sb.toString());
        }
    }

    private static void locals(JsonNode s, PrintStream out) {
        for (JsonNode th : s.path("threads")) {
            out.println();
            println(out, "Thread " + (th.path("native_id").isNumber() ? th.get("native_id").asText()
                    : "ident " + th.path("ident").asText()) + name(th.path("name"))
                    + (th.path("main").asBoolean() ? " [main]" : "") + ":");
            for (JsonNode f : th.path("frames")) {
                println(out, "    " + frame(f));
                for (Map.Entry<String, JsonNode> v : f.path("locals").properties()) {
                    println(out, "        " + v.getKey() + " = " + value(v.getValue()));
                }
                if (f.path("locals_truncated").asBoolean()) {
                    println(out, "        ... (more variables)");
                }
            }
            if (th.path("truncated").asBoolean()) {
                println(out, "    ... (more frames)");
            }
        }
    }

    private static void gc(JsonNode s, PrintStream out) {
        out.println();
        println(out, String.format(Locale.ROOT, "GC: %s, counts %s (thresholds %s), %,d tracked objects of %,d types, "
                + "%,d frozen", s.path("enabled").asBoolean() ? "enabled" : "DISABLED", join(s.path("count")),
                join(s.path("threshold")), s.path("tracked_objects").asLong(), s.path("distinct_types").asLong(),
                s.path("frozen").asLong()));
        for (JsonNode t : s.path("top_types")) {
            println(out, String.format(Locale.ROOT, "    %,12d  %s", t.path("count").asLong(),
                    t.path("type").asText()));
        }
    }

    private static void asyncio(JsonNode s, PrintStream out) {
        out.println();
        if (!s.path("imported").asBoolean()) {
            println(out, "asyncio: not imported");
            return;
        }
        JsonNode loops = s.path("loops");
        println(out, "asyncio: " + loops.size() + (loops.size() == 1 ? " event loop" : " event loops"));
        for (JsonNode loop : loops) {
            JsonNode th = loop.path("thread");
            println(out, "Loop " + loop.path("loop").asText() + (th.isObject() ? " in thread "
                    + th.path("native_id").asText("?") + name(th.path("name")) : " (found by scanning objects)")
                    + ": " + loop.path("tasks").size() + " tasks");
            for (JsonNode task : loop.path("tasks")) {
                StringBuilder sb = new StringBuilder("    Task \"").append(task.path("name").asText()).append("\" ")
                        .append(task.path("state").asText());
                if (task.hasNonNull("awaiting")) {
                    sb.append(", awaiting ").append(task.get("awaiting").asText());
                }
                if (task.has("awaited_by")) {
                    sb.append(", awaited by ").append(join(task.get("awaited_by")));
                }
                println(out, sb.toString());
                for (JsonNode f : task.path("coroutine_stack")) {
                    println(out, "        " + frame(f));
                }
                if (task.has("error")) {
                    println(out, "        (error: " + task.get("error").asText() + ")");
                }
            }
        }
    }

    static String frame(JsonNode f) {
        return f.path("function").asText("?") + " (" + f.path("file").asText("?") + ":" + f.path("line").asText("?")
                + ")";
    }

    static String value(JsonNode v) {
        StringBuilder sb = new StringBuilder(v.path("repr").asText());
        if (v.path("truncated").asBoolean()) {
            sb.append("\u2026");
        }
        sb.append("  (").append(v.path("type").asText("?"));
        if (v.has("length")) {
            sb.append(", len ").append(v.get("length").asText());
        }
        return sb.append(')').toString();
    }

    private static String name(JsonNode n) {
        return n.isTextual() ? " \"" + n.asText() + "\"" : "";
    }

    private static String join(JsonNode array) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode x : array) {
            if (sb.length() > 0) {
                sb.append(x.isNumber() ? "/" : ", ");
            }
            sb.append(x.asText());
        }
        return sb.toString();
    }

    /** Every line goes out through {@link Names#clean}: the document's strings are the target's. */
    private static void println(PrintStream out, String line) {
        out.println(Names.clean(line));
    }
}
