package io.pysample.core.dump;

import io.pysample.core.walk.Frame;
import java.util.List;

/**
 * One thread of a {@link StackDump}.
 *
 * @param threadId Python thread id ({@code threading.get_ident()})
 * @param nativeThreadId Linux TID ({@code threading.get_native_id()})
 * @param name the thread's name: on CPython 3.13 its {@code threading} name ({@code Thread.name}, read from the
 *     target's {@code threading._active}) when {@code threading} knows the thread, else the kernel's thread name
 *     ({@code /proc/<pid>/task/<tid>/comm}, at most 15 bytes; CPython 3.14+ sets it from {@code Thread.name}, 3.13
 *     leaves every thread with the process name)
 * @param main whether this is the interpreter's main thread
 * @param holdsGil whether the thread holds the GIL
 * @param active whether the thread is running: attached to the interpreter, or runnable per the kernel
 * @param osState the kernel's scheduler state letter ({@code R}, {@code S}, {@code D}, …, {@code ?} if unknown)
 * @param gcRunning whether a garbage collection is running in this thread
 * @param frames the stack, innermost first; empty if the thread runs no Python code
 * @param truncated whether the outermost frames were cut at the depth limit
 * @param interpreterId {@code PyInterpreterState.id} of the thread's interpreter (0: the main interpreter)
 * @param namespaceThreadId the TID the target itself sees ({@code PyThreadState.native_thread_id}) when it runs in
 *     another PID namespace than pysample ({@code NSpid:} in {@code /proc/<pid>/task/<tid>/status}), else equal to
 *     {@code nativeThreadId}, which is then pysample's (the host's) id of the thread
 */
public record ThreadDump(long threadId, long nativeThreadId, String name, boolean main, boolean holdsGil,
        boolean active, char osState, boolean gcRunning, List<Frame> frames, boolean truncated, long interpreterId,
        long namespaceThreadId) {
    /** A thread of the main interpreter, outside any PID namespace. */
    public ThreadDump(long threadId, long nativeThreadId, String name, boolean main, boolean holdsGil,
            boolean active, char osState, boolean gcRunning, List<Frame> frames, boolean truncated) {
        this(threadId, nativeThreadId, name, main, holdsGil, active, osState, gcRunning, frames, truncated, 0,
                nativeThreadId);
    }

    /** Whether the target sees this thread under another id ({@link #namespaceThreadId}). */
    public boolean namespaced() {
        return namespaceThreadId != nativeThreadId;
    }
}
