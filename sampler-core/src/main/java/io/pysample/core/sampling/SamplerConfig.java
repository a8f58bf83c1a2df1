package io.pysample.core.sampling;

import java.time.Duration;

/**
 * How to sample.
 *
 * @param rateHz samples per second; {@code 0} means as fast as possible
 * @param duration how long to sample, or {@code null} until stopped or the target exits
 * @param mode which threads to record
 * @param randomIntervals exponentially distributed intervals with mean {@code 1/rate} (avoids aliasing with
 *     periodic work, as py-spy does) instead of fixed ones; the schedule is kept against absolute deadlines, so it
 *     does not drift
 * @param maxDepth frames kept per thread
 * @param recordLatency whether to record each sample's latency in a histogram
 */
public record SamplerConfig(double rateHz, Duration duration, SamplingMode mode, boolean randomIntervals,
        int maxDepth, boolean recordLatency) {

    public SamplerConfig {
        if (!(rateHz >= 0) || Double.isInfinite(rateHz)) {
            throw new IllegalArgumentException("rate must be >= 0 (0 = as fast as possible), got " + rateHz);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
    }
}
