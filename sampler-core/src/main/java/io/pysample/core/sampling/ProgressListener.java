package io.pysample.core.sampling;

/** Told about a recording's progress about four times a second, on the sampling thread. Must return quickly. */
@FunctionalInterface
public interface ProgressListener {
    void progress(long elapsedNanos, long walks, long threadStacks, long errors);

    ProgressListener NONE = (a, b, c, d) -> { };
}
