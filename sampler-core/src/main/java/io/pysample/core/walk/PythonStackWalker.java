package io.pysample.core.walk;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.util.LongIntMap;
import io.pysample.memory.MemoryAccessException;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Walks every interpreter, thread state and interpreter frame of a CPython 3.13+ target straight from its memory,
 * reporting one {@link ThreadView} per thread to a {@link StackSink}. Read-only, never stops the target.
 *
 * <h2>Reads</h2>
 * In steady state a whole sample is <b>one</b> {@code process_vm_readv} call: every known thread's reads
 * ({@link StackChunks}: thread state, stack chunk once or twice, thread state again, speculative frames), then the
 * interpreter list head ({@code runtime_state.interpreters_head}) and the interpreter fields needed
 * ({@code interpreter_state.next}, {@code threads_head}, {@code threads_main}, GIL, GC, id and
 * {@code code_object_generation}, which must be read after every frame). The links are verified afterwards; when
 * the thread set changed, {@link ThreadDiscovery} follows the lists afresh and the read is retried.
 *
 * <h2>Parts</h2>
 * {@link ThreadDiscovery} (interpreters → thread states), {@link ThreadSlot} (what is kept per thread),
 * {@link StackChunks} (chunk copies and their consistency checks), {@link FrameChain} (the frame chain → raw
 * frames), {@link CodeResolver} (raw frames → frame ids through the code-object cache, and when a cached address
 * may no longer hold the same code object). A thread whose read fails a check is re-read up to {@link #RETRIES}
 * times, then dropped and counted by {@link DropReason}.
 *
 * <p>Every loop is bounded (interpreters, threads, frames, chunks, string lengths); a cycle or garbage pointer ends
 * that thread's walk with a counted {@link DropReason}. Not thread-safe: one walker per sampling thread.
 */
public final class PythonStackWalker {
    /** Frames reported per thread at most; deeper stacks are cut (outermost frames dropped) and marked truncated. */
    public static final int DEFAULT_MAX_DEPTH = 4096;
    /**
     * Re-reads of a thread whose read was inconsistent. A call-heavy thread fails about a third of its reads; with 4
     * re-reads 0.7% of its stacks were still dropped (examples/workload.py at max rate, 3.14), with 8 0.3%.
     */
    static final int RETRIES = 8;
    /** Name of the leaf pseudo-frame that marks an incomplete stack (its leaf part changed during the read). */
    public static final String PARTIAL_FRAME = "<partial>";

    private final MemoryReader memory;
    private final long runtime;
    private final DebugOffsets offsets;
    private final FrameTable frameTable;
    private final WalkStats stats = new WalkStats();
    private final ThreadDiscovery discovery;
    private final StackChunks chunks;
    private final FrameChain chain;
    private final CodeResolver codes;
    private final ThreadView view = new ThreadView();
    private final SubinterpreterJoin join = new SubinterpreterJoin();
    private final ThreadIdentity identity;
    /** The leaf pseudo-frame of a stack whose leaf part changed during the read (see {@link TornStack}). */
    private final int partialFrame;

    private final ReadBatch batch = new ReadBatch(64, 64 * 1024);
    private final ReadBatch retry = new ReadBatch(8, 32 * 1024);
    private final ThreadReads retryReads = new ThreadReads();
    private boolean layoutKnown;
    /** Re-reads of an inconsistent thread; {@link #RETRIES} but for tests of what a first read gives. */
    private int threadRetries = RETRIES;
    private int lastDropped;
    private int segHead;
    private int[] segInterp = new int[4];
    private int threadCount;
    private ThreadSlot[] slots = new ThreadSlot[16];
    private ThreadSlot[] spare = new ThreadSlot[16];
    private final LongIntMap slotOf = new LongIntMap(16);

    /**
     * @param memory the target's memory
     * @param runtimeAddress address of {@code _PyRuntime}
     * @param offsets the target's decoded {@code _Py_DebugOffsets}
     * @param frameTable where reported frames are interned
     * @param maxDepth frames reported per thread at most
     */
    public PythonStackWalker(MemoryReader memory, long runtimeAddress, DebugOffsets offsets, FrameTable frameTable,
            int maxDepth) {
        this.memory = memory;
        this.runtime = runtimeAddress;
        this.offsets = offsets;
        this.frameTable = frameTable;
        this.discovery = new ThreadDiscovery(memory, runtimeAddress, offsets);
        this.chunks = new StackChunks(memory, offsets);
        this.chain = new FrameChain(memory, offsets, chunks, maxDepth);
        this.codes = new CodeResolver(memory, offsets, frameTable, stats);
        this.partialFrame = frameTable.intern(PARTIAL_FRAME, "", 0, 0);
        this.identity = new ThreadIdentity(offsets, discovery);
    }

    public PythonStackWalker(MemoryReader memory, long runtimeAddress, DebugOffsets offsets, FrameTable frameTable) {
        this(memory, runtimeAddress, offsets, frameTable, DEFAULT_MAX_DEPTH);
    }

    public WalkStats stats() {
        return stats;
    }

    /** For tests: how often an inconsistent thread is re-read before its stack is kept partial or dropped. */
    void threadRetries(int n) {
        threadRetries = n;
    }

    /** Thread states whose stack the last sample dropped (at least 1 if it could not read the thread lists). */
    public int droppedInLastSample() {
        return lastDropped;
    }

    /** Threads found by the last sample's read of the thread lists (reported or not). */
    public int knownThreadCount() {
        return threadCount;
    }

    public FrameTable frameTable() {
        return frameTable;
    }

    /**
     * Takes one sample of every thread of every interpreter.
     *
     * @return the number of thread stacks reported to {@code sink} (one per OS thread: the thread states of a thread
     *     that runs code in a subinterpreter are joined by {@link SubinterpreterJoin})
     * @throws io.pysample.memory.ProcessGoneException if the target has exited
     * @throws io.pysample.memory.PermissionDeniedException if access was revoked
     */
    public int sample(StackSink sink) {
        codes.framesRead();
        stats.countSample();
        if (!readLayout()) {
            stats.countDrop(DropReason.THREAD_LIST_CHANGED);
            lastDropped = Math.max(1, threadCount);
            return 0;
        }
        lastDropped = 0;
        int reported = 0;
        // With subinterpreters, an OS thread may have a thread state in each: its stacks are joined into one.
        boolean joining = discovery.interpreterCount() > 1;
        join.clear();
        for (int t = 0; t < threadCount; t++) {
            boolean ok;
            try {
                ok = walkThread(t);
            } catch (MemoryAccessException e) {
                throw e; // the target is gone or access was revoked: the caller decides
            } catch (RuntimeException e) {
                // Garbage read from a racing target must never end a recording: count it and go on.
                stats.countFault(e);
                ok = false;
            }
            if (!ok) {
                lastDropped++;
            } else if (joining) {
                join.add(view);
            } else if (ok) {
                sink.onThread(view);
                stats.countThreadStack();
                reported++;
            }
        }
        if (joining) {
            reported = join.emit(view, sink);
            for (int i = 0; i < reported; i++) {
                stats.countThreadStack();
            }
        }
        return reported;
    }

    // ---------------------------------------------------------------- interpreter and thread lists

    private boolean readLayout() {
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            if (!layoutKnown) {
                if (!discovery.discover()) {
                    continue;
                }
                adoptThreads();
                layoutKnown = true;
            }
            fillBatch();
            memory.read(batch);
            stats.countBytesRead(batch.bufferUsed());
            if (verifyLayout()) {
                if (codes.hasGeneration()) {
                    long generation = batchGeneration();
                    for (int t = 0; t < threadCount; t++) {
                        slots[t].inBatch.generation = generation;
                    }
                }
                return true;
            }
            layoutKnown = false;
            if (attempt > 0) {
                stats.countRetry();
            }
        }
        return false;
    }

    /** Gives each discovered thread its slot: the one it had before (found by thread state), or a new one. */
    private void adoptThreads() {
        int n = discovery.threadCount();
        slotOf.clear();
        for (int t = 0; t < threadCount; t++) {
            slotOf.put(slots[t].tstate, t);
        }
        if (spare.length < n) {
            spare = new ThreadSlot[Math.max(n, spare.length * 2)];
        }
        for (int t = 0; t < n; t++) {
            long tstate = discovery.threadState(t);
            int old = slotOf.get(tstate);
            ThreadSlot s = old >= 0 ? slots[old] : new ThreadSlot(tstate);
            s.interp = discovery.interpreterOf(t);
            spare[t] = s;
        }
        ThreadSlot[] previous = slots;
        slots = spare;
        spare = previous;
        Arrays.fill(spare, null);
        threadCount = n;
        if (segInterp.length < discovery.interpreterCount()) {
            segInterp = new int[discovery.interpreterCount()];
        }
    }

    /**
     * The list head and the interpreters' fields come last: their {@code code_object_generation} must be read after
     * every frame of the batch (see {@link CodeResolver}), and this costs no segment of its own.
     */
    private void fillBatch() {
        batch.clear();
        for (int t = 0; t < threadCount; t++) {
            chunks.addReads(batch, slots[t], slots[t].inBatch);
        }
        // The head next to the main interpreter's fields (both in _PyRuntime): they may share a page and an iovec.
        segHead = batch.add(runtime + offsets.runtimeInterpretersHead, 8);
        for (int i = 0; i < discovery.interpreterCount(); i++) {
            segInterp[i] = batch.add(discovery.interpreter(i) + discovery.fieldsLo, discovery.fieldsLength);
        }
    }

    /** The sum of the interpreters' {@code code_object_generation}s in this sample's batch (3.14+). */
    private long batchGeneration() {
        long sum = 0;
        for (int i = 0; i < discovery.interpreterCount(); i++) {
            int base = batch.offset(segInterp[i]) - discovery.fieldsLo;
            sum += batch.data().getLong(base + offsets.interpCodeObjectGeneration);
        }
        return sum;
    }

    private boolean verifyLayout() {
        if (!batch.isComplete(segHead)) {
            return false;
        }
        ByteBuffer buf = batch.data();
        int interps = discovery.interpreterCount();
        if (buf.getLong(batch.offset(segHead)) != (interps > 0 ? discovery.interpreter(0) : 0)) {
            return false;
        }
        for (int i = 0; i < interps; i++) {
            if (!batch.isComplete(segInterp[i])) {
                return false;
            }
            int base = batch.offset(segInterp[i]) - discovery.fieldsLo;
            if (buf.getLong(base + offsets.interpNext) != (i + 1 < interps ? discovery.interpreter(i + 1) : 0)) {
                return false;
            }
            int first = discovery.firstThread(i);
            int end = first + discovery.threadCount(i);
            if (buf.getLong(base + offsets.interpThreadsHead) != (end > first ? slots[first].tstate : 0)) {
                return false;
            }
            for (int t = first; t < end; t++) {
                int seg = slots[t].inBatch.tstate;
                if (!batch.isComplete(seg)) {
                    return false;
                }
                if (buf.getLong(batch.offset(seg) + offsets.tstateNext) != (t + 1 < end ? slots[t + 1].tstate : 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- one thread

    /** Fills {@link #view} for thread {@code t}; false if the thread's stack was dropped (and counted). */
    private boolean walkThread(int t) {
        ThreadSlot s = slots[t];
        ThreadReads r = s.inBatch;
        DropReason reason = null;
        int failures = 0;
        boolean reread = false;
        while (failures <= threadRetries) {
            if (reread) {
                stats.countRetry();
                codes.framesRead();
                retry.clear();
                chunks.addReads(retry, s, retryReads);
                int generation = codes.addGenerationReads(retry, discovery);
                memory.read(retry);
                if (generation >= 0) {
                    retryReads.generation =
                            CodeResolver.generationSum(retry, generation, discovery.interpreterCount());
                }
                stats.countBytesRead(retry.bufferUsed());
                r = retryReads;
            }
            reread = true;
            if (!chunks.threadStateRead(r)) {
                reason = DropReason.BAD_THREAD_STATE;
                failures++;
                continue;
            }
            if (!chunks.covers(r, s)) {
                reason = DropReason.TORN_STACK;
                failures++;
                continue; // the chunk moved or grew: read it again where it is now
            }
            boolean attached = chunks.attachedBeforeOrAfter(r);
            if (r.chunk2 < 0 && r.chunkValid > 0 && attached) {
                // One copy is only trusted for a thread that did not run Python code while it was made: read it
                // again with the second copy (this happens at most once: the thread now gets two copies).
                s.singleCopy = false;
                continue;
            }
            reason = chain.walk(r, s);
            if (reason == null && chain.partial && failures < threadRetries) {
                reason = DropReason.TORN_STACK; // a re-read may give the whole stack; the root part is the fallback
                failures++;
                continue;
            }
            if (reason == null) {
                s.singleCopy = !attached;
                if (codes.hasGeneration() && !codes.generationUnchanged(r.generation)) {
                    reason = DropReason.CODE_CHANGED; // a code object was freed: the cache was emptied, read again
                    failures++;
                    continue;
                }
                long loads = codes.loads();
                if (!resolveFrames(s)) {
                    return false;
                }
                if (codes.loads() != loads && !codes.confirmLoads(discovery)) {
                    reason = DropReason.CODE_CHANGED;
                    failures++;
                    continue;
                }
                if (chain.partial) {
                    stats.countPartial();
                }
                identity.fill(view, t, s, r, batch, segInterp);
                return true;
            }
            if (reason == DropReason.BAD_CODE_OBJECT) {
                break; // re-reading will not help
            }
            // An apparent cycle is re-read too: under code churn on 3.13 about 0.5% of stacks showed one (a frame
            // outside the chunk read at another moment than the chunk), and none survived a re-read.
            failures++;
        }
        stats.countDrop(reason);
        return false;
    }

    /** Turns the raw frames into interned frame ids, reusing those of the unchanged root part of the last stack. */
    private boolean resolveFrames(ThreadSlot s) {
        int n = chain.count;
        long[] exe = chain.executables;
        long[] ip = chain.instructions;
        codes.revalidate(exe, n);
        view.depth = 0;
        view.truncated = chain.truncated;
        s.ensureDepth(n);
        long[] prevExe = s.lastExecutable;
        long[] prevIp = s.lastInstruction;
        int[] prevId = s.lastFrameId;
        int prevDepth = s.lastEpoch == codes.epoch() ? s.lastDepth : 0;
        // Frames are resolved root first so that the part shared with the previous sample is reused as is.
        int shared = 0;
        while (shared < n && shared < prevDepth && prevExe[shared] == exe[n - 1 - shared]
                && prevIp[shared] == ip[n - 1 - shared]) {
            shared++;
        }
        for (int k = shared; k < n; k++) {
            int i = n - 1 - k;
            int id = codes.resolve(exe[i], ip[i]);
            if (id < 0) {
                s.lastDepth = 0;
                return false;
            }
            prevExe[k] = exe[i];
            prevIp[k] = ip[i];
            prevId[k] = id;
        }
        s.lastDepth = n;
        s.lastEpoch = codes.epoch();
        view.partial = chain.partial;
        if (chain.partial) {
            view.push(partialFrame);
        }
        for (int k = n - 1; k >= 0; k--) {
            view.push(prevId[k]);
        }
        return true;
    }
}
