package io.pysample.core.sampling;

import java.util.concurrent.locks.LockSupport;

/**
 * The time source and sleeper of a sampling schedule, injectable so that schedules can be tested with a fake clock.
 * {@link #nanoTime()} is monotonic (any origin, compare by subtraction); {@link #epochMillis()} is wall time.
 */
public interface NanoClock {
    /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the Unix epoch, as {@link System#currentTimeMillis()}. */
    long epochMillis();

    /** Sleeps about {@code nanos} (may return early, e.g. when unparked or interrupted). */
    void park(long nanos);

    /** The system's clocks and {@link LockSupport#parkNanos(long)}. */
    NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void park(long nanos) {
            LockSupport.parkNanos(nanos);
        }
    };
}
