package io.pysample.agent.run;

/**
 * Interval boundaries aligned to wall-clock multiples of the interval since the Unix epoch (as Pyroscope's agents
 * do): with 10 s intervals every process's intervals end at :00, :10, :20, ... so that profiles of one period from
 * many processes and hosts line up.
 */
public final class IntervalBoundaries {
    private IntervalBoundaries() {
    }

    /**
     * The first boundary strictly after {@code nowEpochMillis}.
     *
     * @param intervalMillis the interval, in milliseconds ({@code > 0})
     */
    public static long nextAfter(long nowEpochMillis, long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + intervalMillis + " ms");
        }
        return Math.floorDiv(nowEpochMillis, intervalMillis) * intervalMillis + intervalMillis;
    }
}
