package io.pysample.agent.run;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The agent's counters since start (written by its threads, read for the status line). */
public final class AgentCounters {
    /** Sessions sampling now. */
    final AtomicInteger targets = new AtomicInteger();
    /** Thread stack samples in the intervals cut so far. */
    final AtomicLong samples = new AtomicLong();
    /** Intervals appended to the store. */
    final AtomicLong stored = new AtomicLong();
    /** Intervals dropped because the writer's queue was full. */
    final AtomicLong dropped = new AtomicLong();
    /** Intervals the store could not take (a failed append). */
    final AtomicLong writeFailures = new AtomicLong();
    /** Processes refused (reported once each). */
    final AtomicLong refused = new AtomicLong();

    public int targets() {
        return targets.get();
    }

    public long samples() {
        return samples.get();
    }

    public long stored() {
        return stored.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long writeFailures() {
        return writeFailures.get();
    }

    public long refused() {
        return refused.get();
    }
}
