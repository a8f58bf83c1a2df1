package io.pysample.core.walk;

/** Receives each thread's stack of a walk. Called on the walking thread, once per reported thread. */
@FunctionalInterface
public interface StackSink {
    /** @param thread valid only during this call */
    void onThread(ThreadView thread);
}
