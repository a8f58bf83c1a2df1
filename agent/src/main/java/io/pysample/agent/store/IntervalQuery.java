package io.pysample.agent.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which stored intervals to read: those that overlap {@code [fromNanos, toNanos)} (whole intervals; an interval is
 * never cut), of {@code service} and {@code pid} when given, carrying every tag in {@code tags}.
 *
 * @param fromNanos range start, Unix epoch nanoseconds ({@link Long#MIN_VALUE}: unbounded)
 * @param toNanos range end (exclusive), Unix epoch nanoseconds ({@link Long#MAX_VALUE}: unbounded)
 * @param service a service name, or {@code null} for all
 * @param pid a pid, or {@code null} for all
 * @param tags {@code key=value} labels an interval must all have
 */
public record IntervalQuery(long fromNanos, long toNanos, String service, Integer pid, Map<String, String> tags) {
    public IntervalQuery {
        tags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }

    /** Everything in the store. */
    public static IntervalQuery all() {
        return new IntervalQuery(Long.MIN_VALUE, Long.MAX_VALUE, null, null, Map.of());
    }
}
