package io.pysample.agent.store;

import java.util.Map;

/**
 * One stored interval (see {@link NewInterval} for the fields).
 *
 * @param id the store's id, increasing in insertion order
 * @param pprof the profile bytes, or {@code null} when the query did not ask for them
 */
public record StoredInterval(long id, String service, int pid, String commandLine, Map<String, String> labels,
        long startNanos, long endNanos, long samples, byte[] pprof, IntervalSource source) {

    /** An interval without its source. */
    public StoredInterval(long id, String service, int pid, String commandLine, Map<String, String> labels,
            long startNanos, long endNanos, long samples, byte[] pprof) {
        this(id, service, pid, commandLine, labels, startNanos, endNanos, samples, pprof, IntervalSource.UNKNOWN);
    }
}
