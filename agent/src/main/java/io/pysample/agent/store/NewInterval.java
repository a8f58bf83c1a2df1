package io.pysample.agent.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * One process's profile over one interval, to be stored.
 *
 * @param service the service name the agent gives the process (not empty)
 * @param pid the process
 * @param commandLine its command line
 * @param labels extra {@code key=value} tags (e.g. {@code env=prod}); copied, sorted by key
 * @param startNanos interval start, Unix epoch nanoseconds
 * @param endNanos interval end (exclusive), Unix epoch nanoseconds, {@code >= startNanos}
 * @param samples thread stack samples in the profile
 * @param pprof the interval's profile: gzip-compressed pprof {@code perftools.profiles.Profile}
 * @param source how it was sampled (for shipping); {@link IntervalSource#UNKNOWN} if not known
 */
public record NewInterval(String service, int pid, String commandLine, Map<String, String> labels, long startNanos,
        long endNanos, long samples, byte[] pprof, IntervalSource source) {

    public NewInterval {
        if (service == null || service.isEmpty()) {
            throw new IllegalArgumentException("service must not be empty");
        }
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("interval ends before it starts: " + startNanos + " > " + endNanos);
        }
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        source = source == null ? IntervalSource.UNKNOWN : source;
    }

    /** An interval without its source (a store of version 1's fields). */
    public NewInterval(String service, int pid, String commandLine, Map<String, String> labels, long startNanos,
            long endNanos, long samples, byte[] pprof) {
        this(service, pid, commandLine, labels, startNanos, endNanos, samples, pprof, IntervalSource.UNKNOWN);
    }
}
