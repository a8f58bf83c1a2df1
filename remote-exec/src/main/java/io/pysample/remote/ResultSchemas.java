package io.pysample.remote;

import static io.pysample.remote.JsonShape.BOOLEAN;
import static io.pysample.remote.JsonShape.INTEGER;
import static io.pysample.remote.JsonShape.TEXT;
import static io.pysample.remote.JsonShape.arrayOf;
import static io.pysample.remote.JsonShape.mapOf;
import static io.pysample.remote.JsonShape.object;
import static io.pysample.remote.JsonShape.oneOf;

/**
 * The result documents of pysample's bundled scripts ({@code exec.py}, {@code snapshot.py} and its sections, all in
 * {@code io/pysample/remote/}), as {@link JsonShape}s. The README's {@code snapshot --json} schema describes the
 * same documents. Every document has {@code "pysample_result": 1}; a wrapper failure is {@link #FATAL}.
 */
final class ResultSchemas {
    /** {@code {"pysample_result": 1, "kind"?: str, "fatal": str}}: the script itself failed. */
    static final JsonShape FATAL = object().required("pysample_result", oneInt()).optional("kind", TEXT)
            .required("fatal", TEXT);

    /** {@code _ps_current_thread()} in {@code common.py}: the thread that ran the script. */
    static final JsonShape THREAD = object().required("ident", INTEGER).required("native_id", INTEGER.orNull())
            .required("name", TEXT.orNull()).required("main", BOOLEAN);

    /** {@code _ps_frame()}, {@code _ps_traceback()}: {@code line} is null where CPython has no line number. */
    static final JsonShape FRAME = object().required("function", TEXT).required("file", TEXT)
            .required("line", INTEGER.orNull());

    /** {@code exec.py}. */
    static final JsonShape EXEC = object().required("pysample_result", oneInt()).required("kind", oneOf("exec"))
            .required("thread", THREAD).required("status", oneOf("ok", "error")).optional("error", TEXT)
            .optional("traceback", arrayOf(FRAME));

    private static final JsonShape VALUE = object().required("type", TEXT).required("repr", TEXT)
            .optional("length", INTEGER).optional("truncated", BOOLEAN);

    private static final JsonShape LOCALS = object().required("threads", arrayOf(object()
            .required("ident", INTEGER).optional("native_id", INTEGER.orNull()).optional("name", TEXT.orNull())
            .optional("main", BOOLEAN).optional("current", BOOLEAN).optional("truncated", BOOLEAN)
            .required("frames", arrayOf(object().required("function", TEXT).required("file", TEXT)
                    .required("line", INTEGER.orNull()).optional("scope", oneOf("function", "namespace"))
                    .optional("error", TEXT).optional("locals_truncated", BOOLEAN)
                    .optional("locals", mapOf(VALUE))))));

    private static final JsonShape GC = object().optional("enabled", BOOLEAN).optional("count", arrayOf(INTEGER))
            .optional("threshold", arrayOf(INTEGER)).optional("frozen", INTEGER)
            .optional("tracked_objects", INTEGER).optional("distinct_types", INTEGER)
            .optional("top_types", arrayOf(object().required("type", TEXT).required("count", INTEGER)));

    private static final JsonShape TASK = object().required("name", TEXT)
            .optional("state", oneOf("pending", "running", "done", "cancelled")).optional("cancelling", INTEGER)
            .optional("coroutine_stack", arrayOf(FRAME)).optional("awaiting", TEXT)
            .optional("awaited_by", arrayOf(TEXT)).optional("error", TEXT);

    private static final JsonShape ASYNCIO = object().required("imported", BOOLEAN).required("loops", arrayOf(
            object().required("loop", TEXT).optional("running", BOOLEAN).optional("closed", BOOLEAN)
                    .optional("error", TEXT).optional("found_by", oneOf("stack", "gc"))
                    .optional("thread", object().required("ident", INTEGER).optional("native_id", INTEGER.orNull())
                            .optional("name", TEXT.orNull()).orNull())
                    .optional("tasks", arrayOf(TASK))));

    private static final JsonShape THREADS = object().required("threading_imported", BOOLEAN)
            .required("threads", arrayOf(object().required("ident", INTEGER)
                    .optional("name", TEXT.orNull()).optional("native_id", INTEGER.orNull())
                    .optional("daemon", BOOLEAN.orNull()).optional("main", BOOLEAN).optional("current", BOOLEAN)
                    .optional("known_to_threading", BOOLEAN).optional("function", FRAME.orNull())));

    /** {@code snapshot.py} with its sections; a section that failed is absent and named in {@code errors}. */
    static final JsonShape SNAPSHOT = object().required("pysample_result", oneInt())
            .required("kind", oneOf("snapshot")).required("pid", INTEGER).required("python", TEXT)
            .required("thread", THREAD).required("errors", mapOf(TEXT)).optional("locals", LOCALS)
            .optional("gc", GC).optional("asyncio", ASYNCIO).optional("threads", THREADS);

    private ResultSchemas() {
    }

    private static JsonShape oneInt() {
        return JsonShape.scalar("1", n -> n.isIntegralNumber() && n.canConvertToInt() && n.intValue() == 1);
    }
}
