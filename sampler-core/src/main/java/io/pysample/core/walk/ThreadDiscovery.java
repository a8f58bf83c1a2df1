package io.pysample.core.walk;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import java.util.Arrays;

/**
 * Finds every thread state of every interpreter by following the lists pointer by pointer:
 * {@code runtime_state.interpreters_head} → {@code interpreter_state.next}, and per interpreter
 * {@code interpreter_state.threads_head} → {@code thread_state.next} ({@code _Py_DebugOffsets}, CPython 3.13+).
 * Each interpreter's threads are kept in CPython's list order (newest first). Read-only; bounded by
 * {@link #MAX_INTERPRETERS} and {@link #MAX_THREADS} per interpreter, so a cycle or garbage pointer ends a
 * discovery with {@code false} instead of looping.
 *
 * <p>Reusable on its own from a {@link MemoryReader}, the {@code _PyRuntime} address and the decoded offsets (the
 * walker's hot path uses it only when the thread set changed). The arrays are reused between discoveries; not
 * thread-safe.
 */
public final class ThreadDiscovery {
    /** Interpreters followed at most. */
    public static final int MAX_INTERPRETERS = 256;
    /** Thread states followed per interpreter at most. */
    public static final int MAX_THREADS = 4096;

    private final MemoryReader memory;
    private final long runtime;
    private final DebugOffsets offsets;
    /** The span of {@code PyInterpreterState} fields the walker reads: lowest offset and length in bytes. */
    final int fieldsLo;
    final int fieldsLength;
    private final byte[] fields;
    private final byte[] scratch8 = new byte[8];

    private int interpCount;
    private long[] interps = new long[4];
    private long[] threadsMain = new long[4];
    private int[] firstThread = new int[4];
    private int[] threadsOf = new int[4];
    private int threadCount;
    private long[] tstates = new long[16];
    private int[] interpOf = new int[16];

    /**
     * @param memory the target's memory
     * @param runtimeAddress address of {@code _PyRuntime}
     * @param offsets the target's decoded {@code _Py_DebugOffsets}
     */
    public ThreadDiscovery(MemoryReader memory, long runtimeAddress, DebugOffsets offsets) {
        this.memory = memory;
        this.runtime = runtimeAddress;
        this.offsets = offsets;
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (int off : new int[] {offsets.interpNext, offsets.interpId, offsets.interpThreadsHead,
            offsets.interpThreadsMain, offsets.interpGilLocked, offsets.interpGilHolder, offsets.interpCodeObjectGeneration,
            offsets.interpGc >= 0 && offsets.gcCollecting >= 0 ? offsets.interpGc + offsets.gcCollecting : -1}) {
            if (off >= 0) {
                lo = Math.min(lo, off);
                hi = Math.max(hi, off + 8);
            }
        }
        this.fieldsLo = lo;
        this.fieldsLength = hi - lo;
        this.fields = new byte[fieldsLength];
    }

    /**
     * Follows the lists afresh.
     *
     * @return false if a pointer could not be read, a bound was exceeded or the lists changed under the read; the
     *         counts then describe a partial list and must not be used
     * @throws io.pysample.memory.ProcessGoneException if the target has exited
     */
    public boolean discover() {
        interpCount = 0;
        threadCount = 0;
        long interp = readPointer(runtime + offsets.runtimeInterpretersHead);
        while (interp != 0) {
            if (interp == -1 || interpCount == MAX_INTERPRETERS) {
                return false;
            }
            if (memory.read(interp + fieldsLo, fields, 0, fieldsLength) < fieldsLength) {
                return false;
            }
            int i = addInterpreter(interp,
                    offsets.interpThreadsMain >= 0
                            ? LittleEndian.i64(fields, offsets.interpThreadsMain - fieldsLo) : 0);
            long t = LittleEndian.i64(fields, offsets.interpThreadsHead - fieldsLo);
            while (t != 0) {
                if (t == -1 || threadCount - firstThread[i] >= MAX_THREADS) {
                    return false;
                }
                addThread(t, i);
                t = readPointer(t + offsets.tstateNext);
            }
            threadsOf[i] = threadCount - firstThread[i];
            interp = LittleEndian.i64(fields, offsets.interpNext - fieldsLo);
        }
        return true;
    }

    public int interpreterCount() {
        return interpCount;
    }

    /** Address of interpreter {@code i} ({@code PyInterpreterState}), in list order (main interpreter last). */
    public long interpreter(int i) {
        return interps[i];
    }

    /** Index of interpreter {@code i}'s first (newest) thread among all threads. */
    public int firstThread(int i) {
        return firstThread[i];
    }

    /** Threads of interpreter {@code i}. */
    public int threadCount(int i) {
        return threadsOf[i];
    }

    /** Threads of all interpreters. */
    public int threadCount() {
        return threadCount;
    }

    /** Address of thread {@code t}'s {@code PyThreadState}. */
    public long threadState(int t) {
        return tstates[t];
    }

    /** The index of thread {@code t}'s interpreter. */
    public int interpreterOf(int t) {
        return interpOf[t];
    }

    /** Whether thread {@code t} is its interpreter's main thread, as of this discovery. */
    public boolean isMainThread(int t) {
        int i = interpOf[t];
        return isMain(offsets, threadsMain[i], tstates[t], t - firstThread[i], threadsOf[i]);
    }

    /**
     * Whether a thread state is its interpreter's main thread: {@code interpreter_state.threads_main} (3.14+) is
     * its address; on 3.13 (no such field) the list is newest first, so the main thread is the last one.
     *
     * @param threadsMain the interpreter's {@code threads_main} (ignored on 3.13)
     * @param index the thread's position in its interpreter's list
     * @param count threads in that list
     */
    public static boolean isMain(DebugOffsets offsets, long threadsMain, long tstate, int index, int count) {
        return offsets.interpThreadsMain >= 0 ? threadsMain == tstate : index == count - 1;
    }

    private int addInterpreter(long interp, long main) {
        if (interpCount == interps.length) {
            int n = interpCount * 2;
            interps = Arrays.copyOf(interps, n);
            threadsMain = Arrays.copyOf(threadsMain, n);
            firstThread = Arrays.copyOf(firstThread, n);
            threadsOf = Arrays.copyOf(threadsOf, n);
        }
        interps[interpCount] = interp;
        threadsMain[interpCount] = main;
        firstThread[interpCount] = threadCount;
        threadsOf[interpCount] = 0;
        return interpCount++;
    }

    private void addThread(long tstate, int interp) {
        if (threadCount == tstates.length) {
            tstates = Arrays.copyOf(tstates, threadCount * 2);
            interpOf = Arrays.copyOf(interpOf, threadCount * 2);
        }
        tstates[threadCount] = tstate;
        interpOf[threadCount] = interp;
        threadCount++;
    }

    /** The pointer at {@code address}, or -1 if it cannot be read. */
    private long readPointer(long address) {
        return memory.read(address, scratch8, 0, 8) < 8 ? -1 : LittleEndian.i64(scratch8, 0);
    }
}
