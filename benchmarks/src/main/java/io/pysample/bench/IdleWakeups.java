package io.pysample.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The floor under any sampler's overhead: a JVM thread that wakes at a fixed rate and does nothing else, scheduled
 * the way {@code Sampler} schedules samples (absolute deadlines, {@code parkNanos}). {@code overhead.sh} measures
 * its CPU time next to pysample's, because on a virtual machine waking up is not free.
 *
 * <pre>java -cp benchmarks.jar io.pysample.bench.IdleWakeups RATE_HZ SECONDS</pre>
 */
public final class IdleWakeups {
    private IdleWakeups() {
    }

    public static void main(String[] args) {
        long interval = (long) (1e9 / Double.parseDouble(args[0]));
        long end = System.nanoTime() + (long) (Double.parseDouble(args[1]) * 1e9);
        long deadline = System.nanoTime();
        long now;
        while ((now = System.nanoTime()) < end) {
            if (deadline > now) {
                LockSupport.parkNanos(deadline - now);
                continue;
            }
            deadline += interval;
        }
    }
}
