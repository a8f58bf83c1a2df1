package io.pysample.agent.run;

import io.pysample.core.session.ProfileInterval;
import java.util.Map;

/**
 * One process's interval, cut on the sampling thread, on its way to the writer (the profile is sealed).
 *
 * @param startNanos interval start, Unix epoch nanoseconds (the previous boundary, or when sampling began)
 * @param endNanos interval end, Unix epoch nanoseconds (the boundary, or when sampling ended)
 */
record CutInterval(String service, Map<String, String> labels, ProfileInterval interval, long startNanos,
        long endNanos) {
}
