package io.pysample.core.sampling;

import io.pysample.core.walk.ThreadView;

/**
 * Lets a {@link Sampler} user rewrite or add stacks (e.g. asyncio task stacks). Called on the sampling thread only:
 * {@link #beginSample} before the walk, {@link #record} for each thread stack that passed the sampling mode,
 * {@link #endSample} after the walk.
 */
public interface StackHook {
    void beginSample();

    /**
     * @param thread the profile's index of the thread
     * @return true if the hook added the stack itself (the sampler then does not)
     */
    boolean record(ThreadView view, Profile profile, int thread, long timeNanos);

    void endSample(Profile profile, long timeNanos);
}
