package io.pysample.core.sampling;

import java.util.SplittableRandom;

/**
 * When the next sample is due. Deadlines are absolute ({@code start + sum of intervals}), so the rate does not
 * drift with the time samples take; when sampling fell behind by more than one mean interval (a slow walk, a
 * descheduled JVM) the schedule restarts from the end of the late sample instead of bursting to catch up.
 * Intervals are fixed or exponentially distributed around {@code 1/rate} (no aliasing with periodic work in the
 * target, as py-spy does), capped at ten means. Times are {@link NanoClock#nanoTime()} values, compared by
 * subtraction; intervals are capped at {@link #MAX_INTERVAL_NANOS} so that no sum overflows. Not thread-safe.
 */
public final class SamplingSchedule {
    /** The longest interval, about 36 years: a rate of 1e-9 Hz waits, it does not overflow into "at full speed". */
    public static final long MAX_INTERVAL_NANOS = Long.MAX_VALUE / 8;

    /** How intervals are drawn. */
    public enum Intervals {
        /** Exponentially distributed with mean {@code 1/rate}, capped at ten means. */
        EXPONENTIAL,
        /** Exactly {@code 1/rate}. */
        FIXED
    }

    private final long mean;
    private final Intervals intervals;
    private final SplittableRandom random;
    private long deadline;

    /**
     * @param rateHz samples per second, {@code 0} for as fast as possible (every sample is due at once)
     * @param intervals fixed or exponential
     * @param seed seed of the exponential intervals' generator
     */
    public SamplingSchedule(double rateHz, Intervals intervals, long seed) {
        this.mean = meanIntervalNanos(rateHz);
        this.intervals = intervals;
        this.random = new SplittableRandom(seed);
    }

    /**
     * The mean interval in nanoseconds for {@code rateHz} (0 for a rate of 0, i.e. as fast as possible), at least
     * 1 and at most {@link #MAX_INTERVAL_NANOS}.
     */
    public static long meanIntervalNanos(double rateHz) {
        if (!(rateHz >= 0) || Double.isInfinite(rateHz)) {
            throw new IllegalArgumentException("rate must be >= 0 (0 = as fast as possible), got " + rateHz);
        }
        if (rateHz == 0) {
            return 0;
        }
        double nanos = 1e9 / rateHz;
        return nanos >= MAX_INTERVAL_NANOS ? MAX_INTERVAL_NANOS : Math.max(1, Math.round(nanos));
    }

    /** Starts the schedule: the first sample is due at {@code now}. */
    public void start(long now) {
        deadline = now;
    }

    /** When the next sample is due. */
    public long deadline() {
        return deadline;
    }

    /** Nanoseconds from {@code now} until the next sample is due; 0 if it is due. */
    public long waitNanos(long now) {
        return Math.max(0, deadline - now);
    }

    /** Whether a sample is due at {@code now}. */
    public boolean isDue(long now) {
        return deadline - now <= 0;
    }

    /**
     * Sleeps with {@code clock} until the next sample is due, but at most {@code maxWaitNanos} (e.g. what is left of
     * the recording). One park: it may return early (spurious wake-up, unpark), so callers loop.
     *
     * @return true if a sample is due now
     */
    public boolean awaitDue(NanoClock clock, long maxWaitNanos) {
        long wait = waitNanos(clock.nanoTime());
        if (wait == 0) {
            return true;
        }
        if (maxWaitNanos > 0) {
            clock.park(Math.min(wait, maxWaitNanos));
        }
        return isDue(clock.nanoTime());
    }

    /** Advances past a sample that ended at {@code finishedAt}. */
    public void sampled(long finishedAt) {
        if (mean == 0) {
            deadline = finishedAt;
            return;
        }
        deadline += intervals == Intervals.FIXED ? mean : exponential();
        if (finishedAt - deadline > mean) {
            deadline = finishedAt; // fell behind: restart the schedule rather than burst
        }
    }

    /** The mean interval in nanoseconds, 0 for as fast as possible. */
    public long meanNanos() {
        return mean;
    }

    private long exponential() {
        double x = -Math.log(1.0 - random.nextDouble()) * mean;
        double cap = Math.min(10.0 * mean, MAX_INTERVAL_NANOS);
        return Math.max(1, (long) Math.min(x, cap));
    }
}
