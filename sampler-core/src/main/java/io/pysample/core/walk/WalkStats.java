package io.pysample.core.walk;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of the walker's work and of dropped stacks by reason. Written by the sampling thread; read with
 * {@link #snapshot()} from any thread (values may be a moment old).
 */
public final class WalkStats {
    private final long[] errors = new long[WalkError.values().length];
    private volatile long samples;
    private volatile long threadStacks;
    private volatile long retries;
    private volatile RuntimeException firstFault;

    void countError(WalkError e) {
        errors[e.ordinal()]++;
    }

    void countSample() {
        samples++;
    }

    void countThreadStack() {
        threadStacks++;
    }

    void countFault(RuntimeException e) {
        countError(WalkError.INTERNAL_FAULT);
        if (firstFault == null) {
            firstFault = e;
        }
    }

    /** The first {@link WalkError#INTERNAL_FAULT}'s exception, for diagnosis; {@code null} if there was none. */
    public RuntimeException firstFault() {
        return firstFault;
    }

    void countRetry() {
        retries++;
    }

    /** Walks attempted. */
    public long samples() {
        return samples;
    }

    /** Thread stacks reported. */
    public long threadStacks() {
        return threadStacks;
    }

    /** Threads re-read because their first read was inconsistent. */
    public long retries() {
        return retries;
    }

    /** Dropped stacks by reason (reasons with a count of 0 omitted). */
    public Map<WalkError, Long> snapshot() {
        Map<WalkError, Long> m = new EnumMap<>(WalkError.class);
        for (WalkError e : WalkError.values()) {
            long n = errors[e.ordinal()];
            if (n > 0) {
                m.put(e, n);
            }
        }
        return m;
    }

    /** Total dropped stacks. */
    public long totalErrors() {
        long t = 0;
        for (long n : errors) {
            t += n;
        }
        return t;
    }
}
