package io.pysample.core.sampling;

import io.pysample.core.walk.DropReason;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one interval of a recording did.
 *
 * @param walks samples taken (walks of all threads)
 * @param threadStacks thread stacks recorded into the profile (after the sampling mode's filter)
 * @param stacksRead consistent thread stacks read, before the filter (with the drops: every stack attempted)
 * @param drops thread stacks or walks dropped, by reason
 * @param elapsedNanos wall time of the interval, from its start to its end (not from first to last sample)
 * @param reason why the recording ended, or {@code null} if it goes on after this interval
 * @param latencyMicros per-walk latency in microseconds, or {@code null} if not recorded
 * @param incompleteStacks stacks read (in {@code stacksRead}) that kept only their root part: they changed during
 *     the read and end in a {@code <partial>} pseudo-frame
 * @param busyNanos time spent taking the samples (sum of each sample's wall time), nanoseconds
 */
public record SamplingResult(long walks, long threadStacks, long stacksRead, Map<DropReason, Long> drops,
        long elapsedNanos, StopReason reason, Histogram latencyMicros, long incompleteStacks, long busyNanos) {

    /** Share of attempted thread stacks that were read incomplete, 0..1. */
    public double incompleteShare() {
        long attempted = stacksRead + totalDrops();
        return attempted > 0 ? (double) incompleteStacks / attempted : 0;
    }

    /** Mean wall time of one sample in nanoseconds; 0 if nothing was sampled. */
    public double meanSampleNanos() {
        return walks > 0 ? (double) busyNanos / walks : 0;
    }

    /** Dropped thread stacks (and failed walks), all reasons. */
    public long totalDrops() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Drops that mean something failed inside pysample rather than a race with the target. */
    public long internalFaults() {
        return drops.getOrDefault(DropReason.INTERNAL_FAULT, 0L);
    }

    /** Share of attempted thread stacks that were dropped, 0..1. */
    public double dropShare() {
        long attempted = stacksRead + totalDrops();
        return attempted > 0 ? (double) totalDrops() / attempted : 0;
    }

    /** Achieved samples per second over the interval's wall time; 0 if nothing was sampled. */
    public double achievedRate() {
        return elapsedNanos > 0 ? walks * 1e9 / elapsedNanos : 0;
    }
}
