package io.pysample.core.walk;

import java.util.Arrays;

/**
 * One thread's state and stack in the walk that is in progress: a mutable view, reused for every thread and sample
 * so that the hot path allocates nothing. Valid only during {@link StackSink#onThread}; copy what must be kept
 * (see {@link ThreadSample#copyOf}).
 *
 * <p>{@link #frames()} holds {@link FrameTable} ids <b>innermost first</b> (the executing function at index 0, the
 * thread's entry point last), as in {@code traceback} output read bottom-up and in {@code py-spy dump}.
 */
public final class ThreadView {
    /** Holds the GIL: {@code _status.holds_gil} (3.13), {@code PyThreadState.holds_gil} (3.14+). */
    public static final int HOLDS_GIL = 1;
    /** Attached to the interpreter ({@code PyThreadState.state == _Py_THREAD_ATTACHED}): running Python code. */
    public static final int ATTACHED = 2;
    /** The interpreter's main thread ({@code interpreter_state.threads_main}; on 3.13 the oldest thread). */
    public static final int MAIN_THREAD = 4;
    /** A garbage collection is running in this thread (the interpreter collects and this thread holds the GIL). */
    public static final int GC_RUNNING = 8;
    /**
     * An {@code except} block is handling an exception in this thread ({@code exc_state.exc_value} is set; CPython
     * 3.15+, whose debug offsets publish it; exceptions handled inside generators and coroutines are not seen).
     */
    public static final int HANDLING_EXCEPTION = 16;

    long interpreterId;
    long threadStateAddress;
    long threadId;
    long nativeThreadId;
    int flags;
    int[] frames = new int[64];
    int depth;
    boolean truncated;
    boolean partial;

    /** {@code PyInterpreterState.id}: 0 for the main interpreter. */
    public long interpreterId() {
        return interpreterId;
    }

    public long threadStateAddress() {
        return threadStateAddress;
    }

    /** The Python thread id ({@code threading.get_ident()}, the {@code pthread_t}). */
    public long threadId() {
        return threadId;
    }

    /** The Linux thread id (TID, {@code threading.get_native_id()}). */
    public long nativeThreadId() {
        return nativeThreadId;
    }

    /** Bit set of {@link #HOLDS_GIL}, {@link #ATTACHED}, {@link #MAIN_THREAD}, {@link #GC_RUNNING},
     * {@link #HANDLING_EXCEPTION}. */
    public int flags() {
        return flags;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Frame ids, innermost first; only the first {@link #depth()} entries are meaningful. */
    public int[] frames() {
        return frames;
    }

    public int depth() {
        return depth;
    }

    /** Whether the stack was cut at the walker's frame limit (the outermost frames are missing). */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Whether the stack is incomplete at its leaf end: it changed while it was read and only its unchanged root part
     * was kept; {@link #frames()}[0] is then the {@code <partial>} pseudo-frame
     * ({@link PythonStackWalker#PARTIAL_FRAME}).
     */
    public boolean partial() {
        return partial;
    }

    void push(int frameId) {
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        frames[depth++] = frameId;
    }
}
