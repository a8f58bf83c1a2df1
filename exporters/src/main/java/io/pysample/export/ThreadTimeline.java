package io.pysample.export;

import io.pysample.core.sampling.Profile;
import java.util.Arrays;

/**
 * One thread's samples laid out in wall-clock time, for time-ordered formats: each sample stands for
 * {@code sampleNanos} (the recording's achieved interval, so totals agree with the flame graph), and where the thread
 * was not sampled an idle span (trie node -1) fills the time up to its next sample, the recording's start and end
 * included. The thread counts as idle between two of its samples when the process was sampled in between without
 * it, or when they lie more than {@value #GAP_INTERVALS} intervals apart (randomised intervals rarely do:
 * {@code P = e^-4} for exponential ones).
 *
 * <p>Sample times are the profile's timeline ({@link Profile#timelineTimeNanos}, nanoseconds since the start).
 */
final class ThreadTimeline {
    static final int GAP_INTERVALS = 4;

    private int size;
    private int[] nodes = new int[64];
    private long[] nanos = new long[64];

    private ThreadTimeline() {
    }

    /**
     * @param passTimes every distinct sample time of the whole profile, ascending (see {@link #passTimes})
     * @param durationNanos the recording's length; the timeline ends there
     * @param sampleNanos what one sample stands for; must be positive
     */
    static ThreadTimeline of(Profile profile, int thread, long[] passTimes, long durationNanos, long sampleNanos) {
        ThreadTimeline t = new ThreadTimeline();
        long covered = 0; // the timeline's end so far
        long previous = -1;
        for (int i = 0; i < profile.timelineSize(); i++) {
            if (profile.timelineThread(i) != thread) {
                continue;
            }
            long at = profile.timelineTimeNanos(i);
            boolean idleBefore = previous < 0 ? at >= sampleNanos
                    : at - previous > GAP_INTERVALS * sampleNanos || passBetween(passTimes, previous, at);
            if (idleBefore && at > covered) {
                t.append(-1, at - covered);
                covered = at;
            }
            t.append(profile.timelineNode(i), sampleNanos);
            covered += sampleNanos;
            previous = at;
        }
        if (durationNanos > covered) {
            t.append(-1, durationNanos - covered);
        }
        return t;
    }

    /** The distinct times at which any thread was sampled, ascending. */
    static long[] passTimes(Profile profile) {
        long[] times = new long[profile.timelineSize()];
        for (int i = 0; i < times.length; i++) {
            times[i] = profile.timelineTimeNanos(i);
        }
        Arrays.sort(times);
        int n = 0;
        for (int i = 0; i < times.length; i++) {
            if (n == 0 || times[i] != times[n - 1]) {
                times[n++] = times[i];
            }
        }
        return Arrays.copyOf(times, n);
    }

    private static boolean passBetween(long[] passTimes, long after, long before) {
        int i = Arrays.binarySearch(passTimes, after);
        int next = i >= 0 ? i + 1 : -i - 1;
        return next < passTimes.length && passTimes[next] < before;
    }

    private void append(int node, long duration) {
        if (node < 0 && size > 0 && nodes[size - 1] < 0) {
            nanos[size - 1] += duration; // one idle span, not several
            return;
        }
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nodes[size] = node;
        nanos[size] = duration;
        size++;
    }

    int size() {
        return size;
    }

    /** The trie node of entry {@code i} ({@link Profile#stack}), or -1 for an idle span. */
    int node(int i) {
        return nodes[i];
    }

    /** How long entry {@code i} lasts, in nanoseconds. */
    long nanos(int i) {
        return nanos[i];
    }
}
