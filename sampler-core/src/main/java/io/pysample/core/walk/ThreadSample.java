package io.pysample.core.walk;

import java.util.Arrays;

/**
 * An immutable copy of one thread's stack sample.
 *
 * @param interpreterId {@code PyInterpreterState.id} (0 = main interpreter)
 * @param threadId Python thread id ({@code threading.get_ident()})
 * @param nativeThreadId Linux TID
 * @param flags {@link ThreadView} flag bits
 * @param frames {@link FrameTable} ids, innermost first
 * @param truncated whether the outermost frames were cut at the frame limit
 */
public record ThreadSample(long interpreterId, long threadId, long nativeThreadId, int flags, int[] frames,
        boolean truncated) {

    public static ThreadSample copyOf(ThreadView v) {
        return new ThreadSample(v.interpreterId(), v.threadId(), v.nativeThreadId(), v.flags(),
                Arrays.copyOf(v.frames(), v.depth()), v.truncated());
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
