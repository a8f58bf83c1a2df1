package io.pysample.agent.store;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhdw])");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})([kmgt]i?b?|b)?");

    public RetentionPolicy {
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new IllegalArgumentException("retention must be positive, got " + maxAge);
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maximum store size must not be negative, got " + maxBytes);
        }
    }

    /**
     * The agent's {@code --retention} value: a number with unit {@code s}, {@code m}, {@code h}, {@code d} or
     * {@code w} ({@code 7d}, {@code 12h}).
     *
     * @throws IllegalArgumentException with a one-line message otherwise
     */
    public static Duration parseAge(String text) {
        Matcher m = AGE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("retention must be a positive number with unit s, m, h, d or w "
                    + "(e.g. 7d), got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /**
     * The agent's {@code --max-store-size} value in bytes: a number with an optional unit {@code K}, {@code M},
     * {@code G}, {@code T} (powers of 1024; {@code KiB}, {@code MB}, … are read the same) or {@code B}.
     *
     * @throws IllegalArgumentException with a one-line message otherwise
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("maximum store size must be a positive number of bytes with an "
                    + "optional unit K, M, G or T (e.g. 512M), got '" + text + "'");
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2).charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > Long.MAX_VALUE >> shift) {
            throw new IllegalArgumentException("maximum store size is too large: '" + text + "'");
        }
        return n << shift;
    }
}
