package io.pysample.core.walk;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of the walker's work and of dropped stacks by reason. Written and read by the sampling thread (plain
 * fields: a volatile write per counted event would cost a memory fence per thread per sample).
 */
public final class WalkStats {
    private final long[] dropped = new long[DropReason.values().length];
    private long samples;
    private long threadStacks;
    private long retries;
    private long partialStacks;
    private long bytesRead;
    private RuntimeException firstFault;

    void countDrop(DropReason e) {
        dropped[e.ordinal()]++;
    }

    void countSample() {
        samples++;
    }

    void countThreadStack() {
        threadStacks++;
    }

    void countFault(RuntimeException e) {
        countDrop(DropReason.INTERNAL_FAULT);
        if (firstFault == null) {
            firstFault = e;
        }
    }

    /** The first {@link DropReason#INTERNAL_FAULT}'s exception, for diagnosis; {@code null} if there was none. */
    public RuntimeException firstFault() {
        return firstFault;
    }

    void countPartial() {
        partialStacks++;
    }

    /** Thread stacks reported incomplete: only their root part was kept (counted in {@link #threadStacks()} too). */
    public long partialStacks() {
        return partialStacks;
    }

    void countRetry() {
        retries++;
    }

    void countBytesRead(int bytes) {
        bytesRead += bytes;
    }

    /** Bytes requested from the target's memory by the per-sample batched reads (retries included). */
    public long bytesRead() {
        return bytesRead;
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
    public Map<DropReason, Long> dropsByReason() {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (DropReason e : DropReason.values()) {
            long n = dropped[e.ordinal()];
            if (n > 0) {
                m.put(e, n);
            }
        }
        return m;
    }

    /** Total dropped stacks. */
    public long totalErrors() {
        long t = 0;
        for (long n : dropped) {
            t += n;
        }
        return t;
    }
}
