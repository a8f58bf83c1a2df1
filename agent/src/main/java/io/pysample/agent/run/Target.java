package io.pysample.agent.run;

import io.pysample.core.session.RecordingSession;
import java.util.Map;

/**
 * One profiled process on the sampling thread: its session and what its intervals are stored with.
 *
 * @param service the service name of its intervals
 * @param labels the labels of its intervals ({@code namespace_pid} when it differs, the user's tags)
 */
final class Target {
    final TargetKey key;
    final RecordingSession session;
    final String service;
    final Map<String, String> labels;
    /** Start of the interval in progress, Unix epoch nanoseconds. Sampling thread. */
    long intervalStartNanos;

    Target(TargetKey key, RecordingSession session, String service, Map<String, String> labels, long startNanos) {
        this.key = key;
        this.session = session;
        this.service = service;
        this.labels = labels;
        this.intervalStartNanos = startNanos;
    }
}
