package io.pysample.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.pysample.remote.RemoteExecException.Reason;

/**
 * A snapshot the target sent back: the document of {@code snapshot.py}, validated against
 * {@link ResultSchemas#SNAPSHOT} (schema in the README). Its strings are the target's, unescaped: a text output must
 * escape them. A document reporting that the script itself failed never becomes a {@code SnapshotResult}
 * ({@link Reason#SCRIPT_FAILED}).
 *
 * @param thread the thread state the script was requested in
 * @param pickupNanos from the request to the observed pickup
 * @param totalNanos from the request to the result
 * @param document the validated document
 */
public record SnapshotResult(PythonThreadState thread, long pickupNanos, long totalNanos, JsonNode document) {

    /** {@code pid} as the target reported it. */
    public long reportedPid() {
        return document.get("pid").asLong();
    }

    /** The target's {@code sys.version_info} as {@code "3.14.1"}. */
    public String python() {
        return document.get("python").asText();
    }

    /**
     * Validates a run's document.
     *
     * @throws RemoteExecException {@link Reason#BAD_RESULT} if it is not a valid snapshot document,
     *     {@link Reason#SCRIPT_FAILED} if it reports that the snapshot script failed
     */
    static SnapshotResult of(RemoteRunner.Result run, int pid) {
        JsonNode doc = ResultDocument.parse(run.json(), ResultSchemas.SNAPSHOT, "snapshot", pid);
        if (doc.has("fatal")) {
            throw new RemoteExecException(Reason.SCRIPT_FAILED, "the snapshot script failed in process " + pid
                    + ": " + doc.get("fatal").asText());
        }
        return new SnapshotResult(run.thread(), run.pickupNanos(), run.totalNanos(), doc);
    }
}
