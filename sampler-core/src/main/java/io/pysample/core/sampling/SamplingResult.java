package io.pysample.core.sampling;

import io.pysample.core.walk.DropReason;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a recording did.
 *
 * @param walks samples taken (walks of all threads)
 * @param threadStacks thread stacks recorded into the profile
 * @param errors dropped thread stacks or walks, by reason
 * @param elapsedNanos wall time from the first to the last sample
 * @param reason why it ended
 * @param latencyMicros per-walk latency in microseconds, or {@code null} if not recorded
 */
public record SamplingResult(long walks, long threadStacks, Map<DropReason, Long> errors, long elapsedNanos,
        StopReason reason, Histogram latencyMicros) {

    public long totalErrors() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Achieved walks per second. */
    public double achievedRate() {
        return elapsedNanos > 0 ? walks * 1e9 / elapsedNanos : 0;
    }
}
