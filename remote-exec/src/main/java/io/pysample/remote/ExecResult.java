package io.pysample.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code pysample exec} learnt from the target: the validated result of the bundled wrapper {@code exec.py}
 * ({@link ResultSchemas#EXEC}). Strings are the target's, unescaped: a text output must escape them.
 *
 * @param thread the thread state the script was requested in
 * @param threadName the name {@code threading} gives that thread, if the target imported it
 * @param pickupNanos from the request to the observed pickup
 * @param totalNanos from the request to the result
 * @param outcome whether the script ran to its end
 * @param error for {@link Outcome#RAISED}: {@code "Type: message"} of the exception; for
 *     {@link Outcome#WRAPPER_FAILED}: why pysample's wrapper failed; else empty
 * @param traceback for {@link Outcome#RAISED}: the script's frames of the traceback, outermost first
 */
public record ExecResult(PythonThreadState thread, Optional<String> threadName, long pickupNanos, long totalNanos,
        Outcome outcome, String error, List<Frame> traceback) {

    /** How the run ended. */
    public enum Outcome {
        /** The script ran to its end. */
        OK,
        /** The script raised an exception (reported with its traceback). */
        RAISED,
        /** pysample's wrapper itself failed (the document's {@code fatal}). */
        WRAPPER_FAILED
    }

    /** One traceback entry: {@code co_qualname}, {@code co_filename}, {@code tb_lineno} (empty if CPython has none). */
    public record Frame(String function, String file, OptionalInt line) {
    }

    public ExecResult {
        traceback = List.copyOf(traceback);
    }

    /**
     * Validates a run's document.
     *
     * @throws RemoteExecException ({@link RemoteExecException.Reason#BAD_RESULT}) if it is not a valid exec result
     */
    static ExecResult of(RemoteRunner.Result run, int pid) {
        JsonNode doc = ResultDocument.parse(run.json(), ResultSchemas.EXEC, "exec", pid);
        if (doc.has("fatal")) {
            return new ExecResult(run.thread(), Optional.empty(), run.pickupNanos(), run.totalNanos(),
                    Outcome.WRAPPER_FAILED, doc.get("fatal").asText(), List.of());
        }
        JsonNode name = doc.at("/thread/name");
        Optional<String> threadName = name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
        if ("ok".equals(doc.get("status").asText())) {
            return new ExecResult(run.thread(), threadName, run.pickupNanos(), run.totalNanos(), Outcome.OK, "",
                    List.of());
        }
        List<Frame> frames = new ArrayList<>();
        for (JsonNode f : doc.path("traceback")) {
            JsonNode line = f.get("line");
            OptionalInt number = line.isIntegralNumber() && line.canConvertToInt() ? OptionalInt.of(line.intValue())
                    : OptionalInt.empty();
            frames.add(new Frame(f.get("function").asText(), f.get("file").asText(), number));
        }
        return new ExecResult(run.thread(), threadName, run.pickupNanos(), run.totalNanos(), Outcome.RAISED,
                doc.path("error").asText("an exception"), frames);
    }
}
