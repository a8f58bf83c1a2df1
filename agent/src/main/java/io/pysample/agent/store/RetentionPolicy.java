package io.pysample.agent.store;

import java.time.Duration;

/**
 * How much the store keeps: intervals that ended more than {@code maxAge} ago are deleted, and the oldest
 * intervals are deleted while the store's file (database plus write-ahead log) is larger than {@code maxBytes}.
 *
 * @param maxAge oldest data kept ({@code null}: no age limit)
 * @param maxBytes largest store file in bytes ({@code 0}: no size limit)
 */
public record RetentionPolicy(Duration maxAge, long maxBytes) {
    /** 7 days, 1 GiB: the agent's defaults. */
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(Duration.ofDays(7), 1L << 30);
    /** Keeps everything (for readers such as {@code report}, which never delete). */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(null, 0);

    public RetentionPolicy {
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("retention must be positive, got " + maxAge);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maximum store size must not be negative, got " + maxBytes);
        }
    }
}
