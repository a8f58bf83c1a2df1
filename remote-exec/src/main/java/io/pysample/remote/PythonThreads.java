package io.pysample.remote;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists the target's thread states by following {@code runtime_state.interpreters_head} →
 * {@code interpreter_state.next} and {@code interpreter_state.threads_head} → {@code thread_state.next}
 * ({@code _Py_DebugOffsets}, CPython 3.13+), with each thread's native TID and whether it is its interpreter's
 * {@code interpreter_state.threads_main} (3.14+). Read-only; loops are bounded and cycles end the walk.
 *
 * <p>Unlike the sampler's {@code PythonStackWalker} this reads no frames: remote execution only needs to find the
 * thread state to write to, and it re-reads the fields it checks right before writing.
 */
public final class PythonThreads {
    static final int MAX_INTERPRETERS = 256;
    static final int MAX_THREADS = 4096;

    private PythonThreads() {
    }

    /**
     * Every thread state of every interpreter, each interpreter's threads newest first (CPython's list order).
     *
     * @throws io.pysample.memory.ProcessGoneException if the target has exited
     */
    public static List<PythonThreadState> list(PythonProcess process) {
        return list(process.memory(), process.runtimeAddress(), process.offsets());
    }

    static List<PythonThreadState> list(MemoryReader memory, long runtime, DebugOffsets o) {
        List<PythonThreadState> result = new ArrayList<>();
        Set<Long> seenInterps = new HashSet<>();
        long interp = u64(memory, runtime + o.runtimeInterpretersHead);
        while (interp != 0 && seenInterps.size() < MAX_INTERPRETERS && seenInterps.add(interp)) {
            long id = o.interpId >= 0 ? u64(memory, interp + o.interpId) : 0;
            long main = o.interpThreadsMain >= 0 ? u64(memory, interp + o.interpThreadsMain) : 0;
            Set<Long> seenThreads = new HashSet<>();
            long tstate = u64(memory, interp + o.interpThreadsHead);
            List<PythonThreadState> ofInterp = new ArrayList<>();
            while (tstate != 0 && seenThreads.size() < MAX_THREADS && seenThreads.add(tstate)) {
                byte[] ts = new byte[o.tstateSize];
                if (memory.read(tstate, ts, 0, ts.length) < ts.length) {
                    break;
                }
                ofInterp.add(new PythonThreadState(tstate, interp, id, LittleEndian.i64(ts, o.tstateThreadId),
                        LittleEndian.i64(ts, o.tstateNativeThreadId), false));
                tstate = LittleEndian.i64(ts, o.tstateNext);
            }
            for (int i = 0; i < ofInterp.size(); i++) {
                PythonThreadState t = ofInterp.get(i);
                // 3.13 has no threads_main: the list is newest first, so the main thread is the last one.
                boolean isMain = o.interpThreadsMain >= 0 ? t.address() == main : i == ofInterp.size() - 1;
                result.add(new PythonThreadState(t.address(), t.interpreter(), t.interpreterId(), t.threadId(),
                        t.nativeThreadId(), isMain));
            }
            interp = u64(memory, interp + o.interpNext);
        }
        return result;
    }

    private static long u64(MemoryReader memory, long address) {
        byte[] b = new byte[8];
        return memory.read(address, b, 0, 8) == 8 ? LittleEndian.i64(b, 0) : 0;
    }
}
