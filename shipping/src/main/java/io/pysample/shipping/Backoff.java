package io.pysample.shipping;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with jitter: after the {@code n}-th consecutive failure ({@code n >= 1}) the sender waits
 * {@code d = min(max, base * 2^(n-1))} scaled by a random factor in {@code [0.5, 1)} ("equal jitter": never less
 * than half, so a burst of agents spreads out without hammering a recovering server).
 */
public final class Backoff {
    private final long baseMillis;
    private final long maxMillis;
    private final Random random;

    public Backoff(Duration base, Duration max, Random random) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max: " + base + ", " + max);
        }
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** Milliseconds to wait after {@code failures} consecutive failures. */
    public long delayMillis(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long d = Math.min(maxMillis, baseMillis << shift);
        return d / 2 + (long) (random.nextDouble() * (d - d / 2));
    }
}
