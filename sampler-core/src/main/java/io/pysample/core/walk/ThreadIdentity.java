package io.pysample.core.walk;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.offsets.VersionQuirks;
import io.pysample.memory.ReadBatch;
import java.nio.ByteBuffer;

/**
 * A walked thread's identity and flags ({@link ThreadView}): ids from its thread state, the GIL holder from its
 * interpreters' GILs, attached state, main thread, garbage collection and handled exception.
 */
final class ThreadIdentity {
    private final DebugOffsets offsets;
    private final VersionQuirks quirks;
    private final ThreadDiscovery discovery;

    ThreadIdentity(DebugOffsets offsets, ThreadDiscovery discovery) {
        this.offsets = offsets;
        this.quirks = offsets.quirks();
        this.discovery = discovery;
    }

    /**
     * Whether a GIL read in this sample's batch ({@code interpreter_state.gil_runtime_state_locked} and
     * {@code _holder}, 3.13+) is held by {@code tstate}. All threads' flags come from the same read of each GIL, so a
     * sample shows at most one holder per GIL (the per-thread {@code holds_gil} bits are read at slightly different
     * moments and could show two). A subinterpreter sharing the main GIL has its holder in the main interpreter's.
     */
    private boolean gilHolder(long tstate, ReadBatch batch, int[] segInterp) {
        ByteBuffer ib = batch.data();
        for (int i = 0; i < discovery.interpreterCount(); i++) {
            int base = batch.offset(segInterp[i]) - discovery.fieldsLo;
            if (ib.getInt(base + offsets.interpGilLocked) != 0
                    && ib.getLong(base + offsets.interpGilHolder) == tstate) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fills {@code view}'s identity and flags for thread {@code t} (slot {@code s}) read in {@code r}; the interpreter
     * fields come from the sample's main {@code batch} (segments {@code segInterp}).
     */
    void fill(ThreadView view, int t, ThreadSlot s, ThreadReads r, ReadBatch batch, int[] segInterp) {
        ByteBuffer buf = r.batch.data();
        int ts = r.batch.offset(r.tstate);
        ByteBuffer ib = batch.data();
        int ibase = batch.offset(segInterp[s.interp]) - discovery.fieldsLo;
        view.interpreterId = offsets.interpId >= 0 ? ib.getLong(ibase + offsets.interpId) : 0;
        view.threadStateAddress = s.tstate;
        view.threadId = buf.getLong(ts + offsets.tstateThreadId);
        view.nativeThreadId = buf.getLong(ts + offsets.tstateNativeThreadId);
        int flags = 0;
        int status = buf.getInt(ts + offsets.tstateStatus);
        boolean holdsGil = offsets.interpGilLocked >= 0 && offsets.interpGilHolder >= 0
                ? gilHolder(s.tstate, batch, segInterp)
                : quirks.holdsGilStatusBit() >= 0 ? ((status >>> quirks.holdsGilStatusBit()) & 1) != 0
                : buf.getInt(ts + offsets.tstateHoldsGil) != 0;
        if (holdsGil) {
            flags |= ThreadView.HOLDS_GIL;
        }
        if (buf.getInt(ts + offsets.tstateState) == VersionQuirks.THREAD_ATTACHED) {
            flags |= ThreadView.ATTACHED;
        }
        long threadsMain = offsets.interpThreadsMain >= 0 ? ib.getLong(ibase + offsets.interpThreadsMain) : 0;
        int first = discovery.firstThread(s.interp);
        if (ThreadDiscovery.isMain(offsets, threadsMain, s.tstate, t - first, discovery.threadCount(s.interp))) {
            flags |= ThreadView.MAIN_THREAD;
        }
        if (holdsGil && offsets.interpGc >= 0 && offsets.gcCollecting >= 0
                && ib.getInt(ibase + offsets.interpGc + offsets.gcCollecting) != 0) {
            flags |= ThreadView.GC_RUNNING;
        }
        if (offsets.tstateExcValue >= 0 && buf.getLong(ts + offsets.tstateExcValue) != 0) {
            flags |= ThreadView.HANDLING_EXCEPTION;
        }
        view.flags = flags;
    }
}
