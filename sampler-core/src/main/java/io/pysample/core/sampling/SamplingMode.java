package io.pysample.core.sampling;

/** Which threads' stacks a sample records. */
public enum SamplingMode {
    /**
     * Wall-clock samples of active threads (the default, as in py-spy): threads attached to the interpreter or
     * runnable according to the kernel; idle (waiting, sleeping) threads are left out.
     */
    ACTIVE,
    /** Every thread, idle ones included ({@code --idle}). */
    ALL,
    /** Only the thread holding the GIL ({@code --gil}). */
    GIL,
    /** Threads the kernel has on a CPU or runnable ({@code R} in {@code /proc/PID/task/TID/stat}), attached or not. */
    CPU,
    /**
     * Threads while an {@code except} block handles an exception ({@link io.pysample.core.walk.ThreadView#HANDLING_EXCEPTION};
     * CPython 3.15+).
     */
    EXCEPTION
}
