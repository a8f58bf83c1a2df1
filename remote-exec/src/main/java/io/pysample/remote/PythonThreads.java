package io.pysample.remote;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.walk.ThreadDiscovery;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists the target's thread states with each one's native TID and whether it is its interpreter's main thread,
 * using the sampler's own {@link ThreadDiscovery} (the interpreter and thread lists of {@code _Py_DebugOffsets},
 * CPython 3.13+, with its bounds and its 3.13 main-thread rule) and then reading {@code thread_state.thread_id} and
 * {@code thread_state.native_thread_id} of each. Read-only.
 *
 * <p>Unlike the sampler this reads no frames: remote execution only needs to find the thread state to write to, and
 * it re-reads the fields it checks right before writing.
 */
public final class PythonThreads {
    /** Discoveries tried while the lists keep changing under the read (threads starting or ending). */
    private static final int ATTEMPTS = 5;

    private PythonThreads() {
    }

    /**
     * Every thread state of every interpreter, each interpreter's threads newest first (CPython's list order); empty
     * if the lists could not be read consistently in {@value #ATTEMPTS} attempts.
     *
     * @throws io.pysample.memory.ProcessGoneException if the target has exited
     */
    public static List<PythonThreadState> list(PythonProcess process) {
        return list(process.memory(), process.runtimeAddress(), process.offsets());
    }

    static List<PythonThreadState> list(MemoryReader memory, long runtime, DebugOffsets o) {
        ThreadDiscovery d = new ThreadDiscovery(memory, runtime, o);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (d.discover()) {
                return threadsOf(d, memory, o);
            }
        }
        return List.of();
    }

    private static List<PythonThreadState> threadsOf(ThreadDiscovery d, MemoryReader memory, DebugOffsets o) {
        List<PythonThreadState> result = new ArrayList<>(d.threadCount());
        byte[] b = new byte[8];
        for (int t = 0; t < d.threadCount(); t++) {
            long interp = d.interpreter(d.interpreterOf(t));
            long tstate = d.threadState(t);
            long id = o.interpId >= 0 ? u64(memory, interp + o.interpId, b) : 0;
            result.add(new PythonThreadState(tstate, interp, id, u64(memory, tstate + o.tstateThreadId, b),
                    u64(memory, tstate + o.tstateNativeThreadId, b), d.isMainThread(t)));
        }
        return result;
    }

    private static long u64(MemoryReader memory, long address, byte[] b) {
        return memory.read(address, b, 0, 8) == 8 ? LittleEndian.i64(b, 0) : 0;
    }
}
