package io.pysample.core.walk;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.offsets.VersionQuirks;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryAccessException;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Walks every interpreter, thread state and interpreter frame of a CPython 3.13+ target straight from its memory,
 * reporting one {@link ThreadView} per thread to a {@link StackSink}. Read-only, never stops the target.
 *
 * <h2>Reads</h2>
 * In steady state a whole sample is <b>one</b> {@code process_vm_readv} call: the interpreter list head
 * ({@code runtime_state.interpreters_head}), the interpreter fields needed ({@code interpreter_state.next},
 * {@code threads_head}, {@code threads_main}, GIL, GC, {@code code_object_generation}), and for every thread state
 * seen in the previous sample: the thread state (up to the last field used), its current data-stack chunk
 * ({@code thread_state.datastack_chunk}, {@code _PyStackChunk} whose frames are the thread's Python frames) copied
 * twice, or once if the thread was detached in its previous sample, and its {@code state}/{@code current_frame}/
 * {@code datastack_top} again. The links are verified afterwards; when the thread set changed, the lists are
 * rediscovered pointer by pointer and the read is retried.
 *
 * <h2>Consistency</h2>
 * The target keeps running, so a thread's stack is reported only if the thread state's {@code current_frame} and
 * {@code datastack_top} read before and after the chunk copies agree, both copies agree on every frame link,
 * executable and (for callers) instruction, no frame on the chain was popped while it was read (3.14+ clears a
 * popped frame's {@code f_executable}), every instruction lies inside its code object, and on 3.15 the chain ends
 * at {@code thread_state.base_frame}. A single copy is trusted only if {@code PyThreadState.state} was not
 * {@code _Py_THREAD_ATTACHED} before and after it (a detached thread cannot push or pop frames without taking the
 * GIL first); otherwise the thread is read again with two copies. A thread that fails the checks is re-read up to
 * eight times, then dropped and counted ({@link DropReason#TORN_STACK}).
 *
 * <h2>Frames</h2>
 * Entry frames ({@code interpreter_frame.owner} {@code FRAME_OWNED_BY_CSTACK} 3.13,
 * {@code FRAME_OWNED_BY_INTERPRETER}/{@code _CSTACK} 3.14, {@code _INTERPRETER} 3.15) are skipped and the walk
 * continues past them. {@code f_executable} is a tagged {@code _PyStackRef} on 3.14+ (low two bits cleared).
 * Code objects are cached by address, invalidated by {@code interpreter_state.code_object_generation} (3.14+) or
 * revalidated per sample by re-reading their identifying fields (3.13). Lines come from {@link LineTable}.
 *
 * <p>Every loop is bounded (interpreters, threads, frames, chunks, string lengths); a cycle or garbage pointer ends
 * that thread's walk with a counted {@link DropReason}. Not thread-safe: one walker per sampling thread.
 */
public final class PythonStackWalker {
    /** Frames reported per thread at most; deeper stacks are cut (outermost frames dropped) and marked truncated. */
    public static final int DEFAULT_MAX_DEPTH = 4096;
    static final int MAX_INTERPRETERS = 256;
    static final int MAX_THREADS = 4096;
    /** {@code _PyStackChunk}: {@code previous} @0, {@code size} @8, {@code top} (slots) @16, {@code data[]} @24. */
    static final int CHUNK_HEADER = 24;
    static final int DEFAULT_CHUNK = 16 * 1024;
    static final int MAX_CHUNK = 16 << 20;
    static final int MAX_OLDER_CHUNKS = 1024;
    /** Bytes of older stack chunks read for one thread at most (deep stacks need a few hundred KiB). */
    static final long MAX_OLDER_BYTES = 64L << 20;
    /** Extra bytes read past the last known top of stack, so that a few new calls need no second read. */
    static final int CHUNK_SLACK = 256;
    /**
     * The slack never extends a read into a page the live stack does not reach: the kernel pins every page a read
     * touches, and one more page per copy cost more than the occasional re-read when the stack grows into it. 4 KiB,
     * the smallest page size of the supported platforms (a larger page only makes this clipping unnecessary).
     */
    static final int PAGE = 4096;
    /** Consecutive samples that fit a shorter read before the read is shortened (hysteresis at a page boundary). */
    static final int SHRINK_AFTER = 64;
    /**
     * Re-reads of a thread whose read was inconsistent. A call-heavy thread fails about a third of its reads; with 4
     * re-reads 0.7% of its stacks were still dropped (examples/workload.py at max rate, 3.14), with 8 0.3%.
     */
    static final int RETRIES = 8;
    /**
     * Frames outside the stack chunk (entry frames on the C stack, generator frames) seen in a thread's previous
     * walk that are read again speculatively in the next batch, so that they cost no system call of their own.
     */
    static final int SPECULATIVE_FRAMES = 8;
    /** {@code _PyInterpreterFrame.owner} value {@code FRAME_OWNED_BY_FRAME_OBJECT}: never on a live chain. */
    static final int OWNER_FRAME_OBJECT = 2;
    /** {@code PyVarObject.ob_size}: the number of code units of a code object. */
    static final int OB_SIZE = 16;

    private final MemoryReader memory;
    private final long runtime;
    private final DebugOffsets o;
    private final VersionQuirks q;
    private final FrameTable frameTable;
    private final CodeCache codes = new CodeCache();
    private final RemoteObjects objects;
    private final WalkStats stats = new WalkStats();
    private final int maxDepth;
    private final long executableMask;
    private final int interpLo;
    private final int interpLen;
    private final int afterLo;
    private final int afterLen;
    /** Bytes of each thread state read: up to its last field the walker uses (3.14: 248 of 832). */
    private final int tstateReadLength;

    // What the previous sample found: the speculation for this one.
    private boolean layoutKnown;
    private int interpCount;
    private long[] interps = new long[4];
    private int[] interpFirstThread = new int[4];
    private int[] interpThreadCount = new int[4];
    private long[] interpGeneration = new long[4];
    private int threadCount;
    private long[] tstates = new long[16];
    private int[] tstateInterp = new int[16];
    private long[] chunkAddress = new long[16];
    private int[] chunkReadLength = new int[16];
    private int[] shrinkVotes = new int[16];
    private int[] chunkSize = new int[16];
    /** Whether the thread's chunk is copied once: it was detached (not running Python) in its last sample. */
    private boolean[] singleCopy = new boolean[16];
    private long[][] speculative = new long[16][SPECULATIVE_FRAMES];
    // Each thread's previous raw frames (code object, instruction) and their frame ids, root first.
    private long[][] lastExecutable = new long[16][];
    private long[][] lastInstruction = new long[16][];
    private int[][] lastFrameId = new int[16][];
    private int[] lastDepth = new int[16];
    private long[] lastEpoch = new long[16];
    /** Bumped whenever cached code objects are dropped: frame ids memoised per thread are then stale. */
    private long codeEpoch;
    private int[] speculativeCount = new int[16];

    private final ReadBatch batch = new ReadBatch(64, 64 * 1024);
    private final ReadBatch retry = new ReadBatch(8, 32 * 1024);
    private final ReadBatch validation = new ReadBatch(64, 16 * 1024);
    private int segHead;
    private int[] segInterp = new int[4];
    private int[] segTstate = new int[16];
    private int[] segChunk1 = new int[16];
    private int[] segChunk2 = new int[16];
    private int[] segAfter = new int[16];
    private int[] segSpeculative = new int[16];

    // The thread being walked: where its copies are.
    private ReadBatch cur;
    private int curTstate;
    private int curChunk1;
    private int curChunk2;
    private int curAfter;
    private int curSpeculative;
    private int nextSpeculative;
    private final long[] seenOutside = new long[SPECULATIVE_FRAMES];
    private long curChunkBase;
    private int curChunkValid;

    private final ThreadView view = new ThreadView();
    private long[] rawExecutable = new long[64];
    private long[] rawInstruction = new long[64];
    private int rawCount;
    private final ByteBuffer frameBuffer;
    private final byte[] scratch8 = new byte[8];
    private byte[] interpScratch;
    private final OlderChunks older = new OlderChunks();
    private long sampleNumber;
    private long codeType;

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
        this.o = offsets;
        this.q = offsets.quirks();
        this.frameTable = frameTable;
        this.objects = new RemoteObjects(memory, offsets);
        this.maxDepth = maxDepth;
        this.executableMask = q.stackRefTagged() ? ~3L : ~0L;
        this.frameBuffer = ByteBuffer.allocate(o.frameSize).order(ByteOrder.LITTLE_ENDIAN);
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        for (int off : new int[] {o.interpNext, o.interpId, o.interpThreadsHead, o.interpThreadsMain,
            o.interpGilLocked, o.interpGilHolder, o.interpCodeObjectGeneration,
            o.interpGc >= 0 && o.gcCollecting >= 0 ? o.interpGc + o.gcCollecting : -1}) {
            if (off >= 0) {
                lo = Math.min(lo, off);
                hi = Math.max(hi, off + 8);
            }
        }
        this.interpLo = lo;
        this.interpLen = hi - lo;
        this.interpScratch = new byte[interpLen];
        int last = 0;
        for (int off : new int[] {o.tstateNext, o.tstateStatus, o.tstateState, o.tstateHoldsGil, o.tstateCurrentFrame,
            o.tstateBaseFrame, o.tstateThreadId, o.tstateNativeThreadId, o.tstateDatastackChunk,
            o.tstateDatastackTop}) {
            last = Math.max(last, off + 8);
        }
        this.tstateReadLength = Math.min(o.tstateSize, last);
        this.afterLo = Math.min(o.tstateState, Math.min(o.tstateCurrentFrame, o.tstateDatastackTop));
        this.afterLen = Math.max(o.tstateState, Math.max(o.tstateCurrentFrame, o.tstateDatastackTop)) + 8 - afterLo;
    }

    public PythonStackWalker(MemoryReader memory, long runtimeAddress, DebugOffsets offsets, FrameTable frameTable) {
        this(memory, runtimeAddress, offsets, frameTable, DEFAULT_MAX_DEPTH);
    }

    public WalkStats stats() {
        return stats;
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
     * @return the number of threads reported to {@code sink}
     * @throws io.pysample.memory.ProcessGoneException if the target has exited
     * @throws io.pysample.memory.PermissionDeniedException if access was revoked
     */
    public int sample(StackSink sink) {
        sampleNumber++;
        stats.countSample();
        if (!readLayout()) {
            stats.countDrop(DropReason.THREAD_LIST_CHANGED);
            return 0;
        }
        checkCodeGenerations();
        int reported = 0;
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
            if (ok) {
                sink.onThread(view);
                stats.countThreadStack();
                reported++;
            }
        }
        return reported;
    }

    // ---------------------------------------------------------------- interpreter and thread lists

    private boolean readLayout() {
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            if (!layoutKnown && !discover()) {
                continue;
            }
            fillBatch();
            memory.read(batch);
            stats.countBytesRead(batch.bufferUsed());
            if (verifyLayout()) {
                return true;
            }
            layoutKnown = false;
            if (attempt > 0) {
                stats.countRetry();
            }
        }
        return false;
    }

    /** Follows the interpreter and thread lists pointer by pointer (only when the thread set changed). */
    private boolean discover() {
        long head = readPointer(runtime + o.runtimeInterpretersHead);
        interpCount = 0;
        threadCount = 0;
        long interp = head;
        while (interp != 0) {
            if (interp == -1 || interpCount == MAX_INTERPRETERS) {
                return false;
            }
            if (memory.read(interp + interpLo, interpScratch, 0, interpLen) < interpLen) {
                return false;
            }
            int i = addInterpreter(interp);
            long t = LittleEndian.i64(interpScratch, o.interpThreadsHead - interpLo);
            while (t != 0) {
                if (threadCount - interpFirstThread[i] >= MAX_THREADS) {
                    return false;
                }
                addThread(t, i);
                t = readPointer(t + o.tstateNext);
                if (t == -1) {
                    return false;
                }
            }
            interpThreadCount[i] = threadCount - interpFirstThread[i];
            interp = LittleEndian.i64(interpScratch, o.interpNext - interpLo);
        }
        layoutKnown = true;
        return true;
    }

    private int addInterpreter(long interp) {
        if (interpCount == interps.length) {
            int n = interpCount * 2;
            interps = java.util.Arrays.copyOf(interps, n);
            interpFirstThread = java.util.Arrays.copyOf(interpFirstThread, n);
            interpThreadCount = java.util.Arrays.copyOf(interpThreadCount, n);
            interpGeneration = java.util.Arrays.copyOf(interpGeneration, n);
            segInterp = java.util.Arrays.copyOf(segInterp, n);
        }
        interps[interpCount] = interp;
        interpFirstThread[interpCount] = threadCount;
        interpThreadCount[interpCount] = 0;
        return interpCount++;
    }

    private void addThread(long tstate, int interp) {
        if (threadCount == tstates.length) {
            int n = threadCount * 2;
            tstates = java.util.Arrays.copyOf(tstates, n);
            tstateInterp = java.util.Arrays.copyOf(tstateInterp, n);
            chunkAddress = java.util.Arrays.copyOf(chunkAddress, n);
            chunkReadLength = java.util.Arrays.copyOf(chunkReadLength, n);
            shrinkVotes = java.util.Arrays.copyOf(shrinkVotes, n);
            chunkSize = java.util.Arrays.copyOf(chunkSize, n);
            singleCopy = java.util.Arrays.copyOf(singleCopy, n);
            segTstate = java.util.Arrays.copyOf(segTstate, n);
            segChunk1 = java.util.Arrays.copyOf(segChunk1, n);
            segChunk2 = java.util.Arrays.copyOf(segChunk2, n);
            segAfter = java.util.Arrays.copyOf(segAfter, n);
            segSpeculative = java.util.Arrays.copyOf(segSpeculative, n);
            speculativeCount = java.util.Arrays.copyOf(speculativeCount, n);
            speculative = java.util.Arrays.copyOf(speculative, n);
            lastExecutable = java.util.Arrays.copyOf(lastExecutable, n);
            lastInstruction = java.util.Arrays.copyOf(lastInstruction, n);
            lastFrameId = java.util.Arrays.copyOf(lastFrameId, n);
            lastDepth = java.util.Arrays.copyOf(lastDepth, n);
            lastEpoch = java.util.Arrays.copyOf(lastEpoch, n);
            for (int i = threadCount; i < n; i++) {
                speculative[i] = new long[SPECULATIVE_FRAMES];
            }
        }
        if (tstates[threadCount] != tstate) {
            chunkAddress[threadCount] = 0; // unknown: learnt from this sample's thread state
            chunkReadLength[threadCount] = 0;
            chunkSize[threadCount] = 0;
            speculativeCount[threadCount] = 0;
            lastDepth[threadCount] = 0;
            singleCopy[threadCount] = false;
        }
        tstates[threadCount] = tstate;
        tstateInterp[threadCount] = interp;
        threadCount++;
    }

    private void fillBatch() {
        batch.clear();
        segHead = batch.add(runtime + o.runtimeInterpretersHead, 8);
        for (int i = 0; i < interpCount; i++) {
            segInterp[i] = batch.add(interps[i] + interpLo, interpLen);
        }
        for (int t = 0; t < threadCount; t++) {
            addThreadReads(batch, t);
            segTstate[t] = curTstate;
            segChunk1[t] = curChunk1;
            segChunk2[t] = curChunk2;
            segAfter[t] = curAfter;
            segSpeculative[t] = curSpeculative;
        }
    }

    /**
     * Adds thread {@code t}'s reads to {@code b}: state, chunk (twice unless the thread was detached last time), then
     * state, current frame and top again.
     */
    private void addThreadReads(ReadBatch b, int t) {
        curTstate = b.add(tstates[t], tstateReadLength);
        if (chunkReadLength[t] > 0) {
            curChunk1 = b.add(chunkAddress[t], chunkReadLength[t]);
            curChunk2 = singleCopy[t] ? -1 : b.add(chunkAddress[t], chunkReadLength[t]);
        } else {
            curChunk1 = -1;
            curChunk2 = -1;
        }
        curAfter = b.add(tstates[t] + afterLo, afterLen);
        curSpeculative = speculativeCount[t] > 0 ? b.size() : -1;
        for (int i = 0; i < speculativeCount[t]; i++) {
            b.add(speculative[t][i], o.frameSize);
        }
    }

    private boolean verifyLayout() {
        if (!batch.isComplete(segHead)) {
            return false;
        }
        ByteBuffer buf = batch.data();
        long head = buf.getLong(batch.offset(segHead));
        if (head != (interpCount > 0 ? interps[0] : 0)) {
            return false;
        }
        for (int i = 0; i < interpCount; i++) {
            if (!batch.isComplete(segInterp[i])) {
                return false;
            }
            int base = batch.offset(segInterp[i]) - interpLo;
            long next = buf.getLong(base + o.interpNext);
            if (next != (i + 1 < interpCount ? interps[i + 1] : 0)) {
                return false;
            }
            int first = interpFirstThread[i];
            int n = interpThreadCount[i];
            if (buf.getLong(base + o.interpThreadsHead) != (n > 0 ? tstates[first] : 0)) {
                return false;
            }
            for (int t = first; t < first + n; t++) {
                if (!batch.isComplete(segTstate[t])) {
                    return false;
                }
                long tn = buf.getLong(batch.offset(segTstate[t]) + o.tstateNext);
                if (tn != (t + 1 < first + n ? tstates[t + 1] : 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void checkCodeGenerations() {
        if (o.interpCodeObjectGeneration < 0) {
            return;
        }
        ByteBuffer buf = batch.data();
        for (int i = 0; i < interpCount; i++) {
            long gen = buf.getLong(batch.offset(segInterp[i]) - interpLo + o.interpCodeObjectGeneration);
            if (gen != interpGeneration[i]) {
                interpGeneration[i] = gen;
                codes.clear(); // a code object was freed: its address may now hold another one
                codeEpoch++;
            }
        }
    }

    // ---------------------------------------------------------------- one thread

    /** Fills {@link #view} for thread {@code t}; false if the thread's stack was dropped (and counted). */
    private boolean walkThread(int t) {
        cur = batch;
        curTstate = segTstate[t];
        curChunk1 = segChunk1[t];
        curChunk2 = segChunk2[t];
        curAfter = segAfter[t];
        curSpeculative = segSpeculative[t];
        DropReason error = null;
        int failures = 0;
        boolean reread = false;
        while (failures <= RETRIES) {
            if (reread) {
                stats.countRetry();
                retry.clear();
                addThreadReads(retry, t);
                memory.read(retry);
                stats.countBytesRead(retry.bufferUsed());
                cur = retry;
            }
            reread = true;
            if (!cur.isComplete(curTstate) || !cur.isComplete(curAfter)) {
                error = DropReason.BAD_THREAD_STATE;
                failures++;
                continue;
            }
            if (!chunkUsable(t)) {
                error = DropReason.TORN_STACK;
                failures++;
                continue; // the chunk moved or grew: read it again where it is now
            }
            boolean attached = attachedBeforeOrAfter();
            if (curChunk2 < 0 && curChunkValid > 0 && attached) {
                // One copy is only trusted for a thread that did not run Python code while it was made: read it
                // again with the second copy (this happens at most once: the thread now gets two copies).
                singleCopy[t] = false;
                continue;
            }
            error = walkFrames(t);
            if (error == null) {
                singleCopy[t] = !attached;
                return resolveFrames(t);
            }
            if (error == DropReason.FRAME_CYCLE || error == DropReason.BAD_CODE_OBJECT) {
                break; // re-reading will not help
            }
            failures++;
        }
        stats.countDrop(error);
        return false;
    }

    /**
     * Whether {@code PyThreadState.state} was {@code _Py_THREAD_ATTACHED} in the thread-state read before the chunk
     * copy or in the one after it. A thread detached at both can only have changed its frames by attaching, running
     * and detaching again within the few microseconds between them (it must take the GIL to run Python code).
     */
    private boolean attachedBeforeOrAfter() {
        ByteBuffer buf = cur.data();
        return buf.getInt(cur.offset(curTstate) + o.tstateState) == VersionQuirks.THREAD_ATTACHED
                || buf.getInt(cur.offset(curAfter) + o.tstateState - afterLo)
                == VersionQuirks.THREAD_ATTACHED;
    }

    /**
     * Checks that this read's chunk copies cover the thread's live stack; if not, updates the speculation so that
     * the next read (retry) covers it.
     */
    private boolean chunkUsable(int t) {
        ByteBuffer buf = cur.data();
        int ts = cur.offset(curTstate);
        long chunk = buf.getLong(ts + o.tstateDatastackChunk);
        long top = buf.getLong(ts + o.tstateDatastackTop);
        if (chunk == 0) {
            curChunkValid = 0;
            return true; // a thread state without a data stack yet: no Python frames
        }
        long used = top - chunk;
        if (used < CHUNK_HEADER || used > MAX_CHUNK) {
            return false;
        }
        boolean covered = chunk == chunkAddress[t] && curChunk1 >= 0 && cur.validLength(curChunk1) >= used
                && (curChunk2 < 0 || cur.validLength(curChunk2) >= used);
        if (covered) {
            curChunkBase = chunk;
            curChunkValid = (int) used;
            // A stack that shrank back below a page boundary for a while is read without the page above it.
            int want = readLength(chunk, (int) used, chunkSize[t]);
            if (want < chunkReadLength[t] && ++shrinkVotes[t] >= SHRINK_AFTER) {
                chunkReadLength[t] = want;
                shrinkVotes[t] = 0;
            } else if (want >= chunkReadLength[t]) {
                shrinkVotes[t] = 0;
            }
            return true;
        }
        if (chunk != chunkAddress[t] || chunkSize[t] == 0) {
            chunkSize[t] = used <= DEFAULT_CHUNK ? DEFAULT_CHUNK : readChunkSize(chunk);
            chunkAddress[t] = chunk;
        }
        chunkReadLength[t] = readLength(chunk, (int) used, chunkSize[t]);
        shrinkVotes[t] = 0;
        return false;
    }

    /**
     * Bytes to read of a chunk at {@code chunk} whose live part is {@code used} bytes: the live part plus up to
     * {@link #CHUNK_SLACK} bytes, but not past the chunk's size nor into the next page.
     */
    static int readLength(long chunk, int used, int chunkSize) {
        long length = Math.min(used + CHUNK_SLACK, Math.max(chunkSize, used));
        long toPageEnd = (((chunk + used) + PAGE - 1) & -PAGE) - chunk;
        return (int) Math.max(used, Math.min(length, toPageEnd));
    }

    private int readChunkSize(long chunk) {
        long size = readPointer(chunk + 8);
        return size > CHUNK_HEADER && size <= MAX_CHUNK ? (int) size : DEFAULT_CHUNK;
    }

    /** Follows {@code previous} from the current frame, collecting (code object, instruction) pairs. */
    private DropReason walkFrames(int t) {
        ByteBuffer buf = cur.data();
        int ts = cur.offset(curTstate);
        long frame = buf.getLong(ts + o.tstateCurrentFrame);
        // The copies are not atomic: a walk is trusted only if the thread state did not move while they were made.
        // (Measured: without this, about 1 in 500,000 samples of a target alternating between two call chains
        // mixed them on 3.14/3.15, even though popped frames there have their executable cleared.)
        int after = cur.offset(curAfter);
        if (frame != buf.getLong(after + o.tstateCurrentFrame - afterLo)
                || buf.getLong(ts + o.tstateDatastackTop)
                != buf.getLong(after + o.tstateDatastackTop - afterLo)) {
            return DropReason.TORN_STACK;
        }
        rawCount = 0;
        nextSpeculative = 0;
        older.reset();
        boolean truncated = false;
        long last = 0;
        // Brent's cycle detection: O(1) per step.
        long tortoise = frame;
        int power = 1;
        int lambda = 0;
        int steps = 0;
        while (frame != 0) {
            if (++steps > maxDepth * 2 + 64) {
                truncated = true;
                break;
            }
            ByteBuffer fb;
            int fo;
            boolean copied = within(frame, curChunkBase, curChunkValid, o.frameSize);
            if (copied) {
                fb = buf;
                fo = cur.offset(curChunk1) + (int) (frame - curChunkBase);
                if (curChunk2 >= 0
                        && !sameFrame(buf, fo, cur.offset(curChunk2) + (int) (frame - curChunkBase), rawCount > 0)) {
                    return DropReason.TORN_STACK;
                }
            } else {
                if (nextSpeculative < SPECULATIVE_FRAMES) {
                    seenOutside[nextSpeculative++] = frame;
                }
                int spec = speculativeSegment(t, frame);
                // A thread without a data-stack chunk (just starting, or its only Python code is a generator resumed
                // from C) has no chunk copy and no older chunks: its frames are read directly.
                fo = spec >= 0 || curChunkValid == 0 ? -1
                        : older.locate(frame, o.frameSize, buf, cur.offset(curChunk1), curChunkValid);
                if (spec >= 0) {
                    fb = buf;
                    fo = cur.offset(spec);
                } else if (fo >= 0) {
                    fb = older.buffer(frame);
                } else {
                    if (memory.read(frame, frameBuffer.array(), 0, o.frameSize) < o.frameSize) {
                        return DropReason.BAD_FRAME;
                    }
                    fb = frameBuffer;
                    fo = 0;
                }
            }
            long previous = fb.getLong(fo + o.framePrevious);
            int owner = (fb.get(fo + o.frameOwner) & 0xFF);
            if (!q.isEntryOwner(owner) && owner != OWNER_FRAME_OBJECT) {
                long executable = fb.getLong(fo + o.frameExecutable) & executableMask;
                if (executable == 0) {
                    return DropReason.TORN_STACK; // popped while we read: 3.14+ clears f_executable on return
                }
                if (rawCount == maxDepth) {
                    truncated = true;
                    break;
                }
                addRaw(executable, fb.getLong(fo + o.frameInstrPtr));
            }
            last = frame;
            frame = previous;
            if (frame == tortoise) {
                return DropReason.FRAME_CYCLE;
            }
            if (++lambda == power) {
                tortoise = frame;
                power <<= 1;
                lambda = 0;
            }
        }
        if (!truncated && o.tstateBaseFrame >= 0 && last != 0
                && last != buf.getLong(ts + o.tstateBaseFrame)) {
            return DropReason.TORN_STACK; // 3.15: a complete walk ends at the thread's base frame
        }
        view.truncated = truncated;
        System.arraycopy(seenOutside, 0, speculative[t], 0, nextSpeculative);
        speculativeCount[t] = nextSpeculative;
        return null;
    }

    /** The segment of this read holding the speculatively read frame at {@code frame}, or -1. */
    private int speculativeSegment(int t, long frame) {
        if (curSpeculative < 0) {
            return -1;
        }
        for (int i = 0; i < speculativeCount[t]; i++) {
            int seg = curSpeculative + i;
            if (cur.address(seg) == frame) {
                return cur.isComplete(seg) ? seg : -1;
            }
        }
        return -1;
    }

    /** Whether both chunk copies agree on the fields that define the stack (links, code, caller positions). */
    private boolean sameFrame(ByteBuffer b, int a, int c, boolean caller) {
        if (b.getLong(a + o.framePrevious) != b.getLong(c + o.framePrevious)
                || b.getLong(a + o.frameExecutable) != b.getLong(c + o.frameExecutable)
                || b.get(a + o.frameOwner) != b.get(c + o.frameOwner)) {
            return false;
        }
        // A caller's instruction is frozen while its callee runs; the executing frame's moves on, legitimately.
        return !caller || b.getLong(a + o.frameInstrPtr) == b.getLong(c + o.frameInstrPtr);
    }

    private void addRaw(long executable, long instruction) {
        if (rawCount == rawExecutable.length) {
            rawExecutable = java.util.Arrays.copyOf(rawExecutable, rawCount * 2);
            rawInstruction = java.util.Arrays.copyOf(rawInstruction, rawCount * 2);
        }
        rawExecutable[rawCount] = executable;
        rawInstruction[rawCount] = instruction;
        rawCount++;
    }

    /** Turns the raw frames into interned frame ids and fills the thread's identity and flags. */
    private boolean resolveFrames(int t) {
        if (o.interpCodeObjectGeneration < 0) {
            revalidateCachedCode();
        }
        view.depth = 0;
        ensureLast(t, rawCount);
        long[] prevExe = lastExecutable[t];
        long[] prevIp = lastInstruction[t];
        int[] prevId = lastFrameId[t];
        int prevDepth = lastEpoch[t] == codeEpoch ? lastDepth[t] : 0;
        // Frames are resolved root first so that the part shared with the previous sample is reused as is.
        int shared = 0;
        while (shared < rawCount && shared < prevDepth
                && prevExe[shared] == rawExecutable[rawCount - 1 - shared]
                && prevIp[shared] == rawInstruction[rawCount - 1 - shared]) {
            shared++;
        }
        for (int k = shared; k < rawCount; k++) {
            int i = rawCount - 1 - k;
            int id = resolve(rawExecutable[i], rawInstruction[i]);
            if (id < 0) {
                lastDepth[t] = 0;
                return false;
            }
            prevExe[k] = rawExecutable[i];
            prevIp[k] = rawInstruction[i];
            prevId[k] = id;
        }
        lastDepth[t] = rawCount;
        lastEpoch[t] = codeEpoch;
        for (int k = rawCount - 1; k >= 0; k--) {
            view.push(prevId[k]);
        }
        fillThreadIdentity(t);
        return true;
    }

    private void ensureLast(int t, int depth) {
        if (lastExecutable[t] == null || lastExecutable[t].length < depth) {
            int n = Math.max(64, depth);
            lastExecutable[t] = java.util.Arrays.copyOf(lastExecutable[t] == null ? new long[0] : lastExecutable[t], n);
            lastInstruction[t] = java.util.Arrays.copyOf(lastInstruction[t] == null ? new long[0] : lastInstruction[t],
                    n);
            lastFrameId[t] = java.util.Arrays.copyOf(lastFrameId[t] == null ? new int[0] : lastFrameId[t], n);
        }
    }

    /** The frame id of instruction {@code instruction} in code object {@code executable}, or -1 (counted). */
    private int resolve(long executable, long instruction) {
        CodeInfo code = codeFor(executable);
        if (code == null) {
            stats.countDrop(DropReason.BAD_CODE_OBJECT);
            return -1;
        }
        long offset = instruction - (executable + o.codeCodeAdaptive);
        if (offset < 0 || (offset >>> 1) >= code.codeUnits) {
            stats.countDrop(DropReason.TORN_STACK); // instruction outside its code: a mixed read
            return -1;
        }
        int unit = (int) (offset >>> 1);
        int id = code.memoised(unit);
        if (id < 0) {
            int line = LineTable.lineFor(code.lineTable, code.lineTable.length, code.firstLine, unit);
            id = frameTable.intern(code.qualname, code.filename, Math.max(line, 0), code.firstLine);
            code.memoise(unit, id);
        }
        return id;
    }

    private void fillThreadIdentity(int t) {
        ByteBuffer buf = cur.data();
        int ts = cur.offset(curTstate);
        int interp = tstateInterp[t];
        ByteBuffer ib = batch.data();
        int ibase = batch.offset(segInterp[interp]) - interpLo;
        view.interpreterId = o.interpId >= 0 ? ib.getLong(ibase + o.interpId) : 0;
        view.threadStateAddress = tstates[t];
        view.threadId = buf.getLong(ts + o.tstateThreadId);
        view.nativeThreadId = buf.getLong(ts + o.tstateNativeThreadId);
        int flags = 0;
        int status = buf.getInt(ts + o.tstateStatus);
        boolean holdsGil = q.holdsGilStatusBit() >= 0 ? ((status >>> q.holdsGilStatusBit()) & 1) != 0
                : buf.getInt(ts + o.tstateHoldsGil) != 0;
        if (holdsGil) {
            flags |= ThreadView.HOLDS_GIL;
        }
        if (buf.getInt(ts + o.tstateState) == VersionQuirks.THREAD_ATTACHED) {
            flags |= ThreadView.ATTACHED;
        }
        boolean main;
        if (o.interpThreadsMain >= 0) {
            main = ib.getLong(ibase + o.interpThreadsMain) == tstates[t];
        } else { // 3.13: the list is newest first, so the main thread is the interpreter's last
            main = t == interpFirstThread[interp] + interpThreadCount[interp] - 1;
        }
        if (main) {
            flags |= ThreadView.MAIN_THREAD;
        }
        if (holdsGil && o.interpGc >= 0 && o.gcCollecting >= 0
                && ib.getInt(ibase + o.interpGc + o.gcCollecting) != 0) {
            flags |= ThreadView.GC_RUNNING;
        }
        view.flags = flags;
    }

    // ---------------------------------------------------------------- code objects

    private CodeInfo codeFor(long address) {
        CodeInfo info = codes.get(address);
        if (info != null) {
            return info;
        }
        info = loadCode(address);
        if (info != null) {
            info.validatedAt = sampleNumber;
            codes.put(info);
        }
        return info;
    }

    private CodeInfo loadCode(long address) {
        if ((address & 7) != 0) {
            return null;
        }
        ByteBuffer cb = ByteBuffer.allocate(o.codeSize).order(ByteOrder.LITTLE_ENDIAN);
        if (memory.read(address, cb.array(), 0, o.codeSize) < o.codeSize) {
            return null;
        }
        long type = cb.getLong(o.objType);
        if (!isCodeType(type)) {
            return null;
        }
        String qualname = objects.readString(cb.getLong(o.codeQualname));
        if (qualname == null) {
            qualname = objects.readString(cb.getLong(o.codeName));
        }
        String filename = objects.readString(cb.getLong(o.codeFilename));
        if (qualname == null || filename == null) {
            return null;
        }
        byte[] table = objects.readBytes(cb.getLong(o.codeLinetable));
        long units = cb.getLong(OB_SIZE);
        if (units < 0) {
            return null;
        }
        return new CodeInfo(address, qualname, filename, cb.getInt(o.codeFirstLineNo),
                table == null ? new byte[0] : table, units, identity(cb, 0));
    }

    /** Whether {@code type} is {@code PyCode_Type}: learnt once from the type's {@code tp_name}. */
    private boolean isCodeType(long type) {
        if (codeType != 0) {
            return type == codeType;
        }
        if (type == 0 || (type & 7) != 0) {
            return false;
        }
        long name = readPointer(type + o.typeName);
        if (name <= 0) {
            return false;
        }
        if ("code".equals(objects.readCString(name, 8))) {
            codeType = type;
            return true;
        }
        return false;
    }

    /** A fingerprint of the fields that tell one code object from another at the same address. */
    private long identity(ByteBuffer b, int base) {
        long h = b.getLong(base + o.objType);
        h = h * 31 + b.getLong(base + o.codeFilename);
        h = h * 31 + b.getLong(base + o.codeQualname);
        h = h * 31 + b.getLong(base + o.codeLinetable);
        h = h * 31 + b.getInt(base + o.codeFirstLineNo);
        return h * 31 + b.getLong(base + OB_SIZE);
    }

    /**
     * 3.13 has no code-object generation counter: re-read, in one batch, the identifying fields of every cached
     * code object this thread uses that has not been checked in this sample, and evict those that changed.
     */
    private void revalidateCachedCode() {
        validation.clear();
        int span = Math.max(Math.max(o.codeFilename, o.codeQualname), Math.max(o.codeLinetable, o.codeFirstLineNo))
                + 8;
        for (int i = 0; i < rawCount; i++) {
            CodeInfo info = codes.get(rawExecutable[i]);
            if (info != null && info.validatedAt != sampleNumber) {
                info.validatedAt = sampleNumber;
                validation.add(info.address, span);
            }
        }
        if (validation.size() == 0) {
            return;
        }
        memory.read(validation);
        for (int s = 0; s < validation.size(); s++) {
            CodeInfo info = codes.get(validation.address(s));
            if (!validation.isComplete(s) || info.identity != identity(validation.data(), validation.offset(s))) {
                codes.remove(validation.address(s));
                codeEpoch++;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Whether a frame of {@code size} bytes at {@code frame} lies in the data part of a chunk copy of {@code length}
     * bytes starting at {@code base}. Written with a subtraction so that garbage addresses near the ends of the
     * address space cannot wrap around into range.
     */
    static boolean within(long frame, long base, int length, int size) {
        long rel = frame - base;
        return rel >= CHUNK_HEADER && rel <= length - size;
    }

    /** The pointer at {@code address}, or -1 if it cannot be read. */
    private long readPointer(long address) {
        if (memory.read(address, scratch8, 0, 8) < 8) {
            return -1;
        }
        return LittleEndian.i64(scratch8, 0);
    }

    /**
     * The thread's older stack chunks ({@code _PyStackChunk.previous} chain), read on demand when a frame lies
     * outside the current chunk (deep recursion). Bounded in count.
     */
    private final class OlderChunks {
        private long[] base = new long[4];
        private ByteBuffer[] data = new ByteBuffer[4];
        private int count;
        private boolean loaded;

        void reset() {
            count = 0;
            loaded = false;
        }

        /** Offset of {@code frame} in its older chunk's copy, or -1 if no older chunk holds it. */
        int locate(long frame, int size, ByteBuffer currentBuf, int currentOff, int currentValid) {
            if (!loaded) {
                loaded = true;
                if (currentValid >= CHUNK_HEADER) {
                    load(currentBuf.getLong(currentOff));
                }
            }
            for (int i = 0; i < count; i++) {
                if (within(frame, base[i], data[i].capacity(), size)) {
                    return (int) (frame - base[i]);
                }
            }
            return -1;
        }

        ByteBuffer buffer(long frame) {
            for (int i = 0; i < count; i++) {
                if (within(frame, base[i], data[i].capacity(), o.frameSize)) {
                    return data[i];
                }
            }
            throw new IllegalStateException("frame not in an older chunk");
        }

        private void load(long chunk) {
            byte[] header = new byte[CHUNK_HEADER];
            long budget = MAX_OLDER_BYTES;
            while (chunk != 0 && count < MAX_OLDER_CHUNKS) {
                for (int i = 0; i < count; i++) {
                    if (base[i] == chunk) {
                        return; // the chain loops back: garbage
                    }
                }
                if (memory.read(chunk, header, 0, CHUNK_HEADER) < CHUNK_HEADER) {
                    return;
                }
                long size = LittleEndian.i64(header, 8);
                long top = LittleEndian.i64(header, 16); // slots in use, each a pointer
                if (size <= CHUNK_HEADER || size > MAX_CHUNK || top < 0 || top > (size - CHUNK_HEADER) / 8) {
                    return;
                }
                long used = CHUNK_HEADER + top * 8;
                budget -= used;
                if (budget < 0) {
                    return;
                }
                byte[] copy = new byte[(int) used];
                if (memory.read(chunk, copy, 0, copy.length) < copy.length) {
                    return;
                }
                if (count == base.length) {
                    base = java.util.Arrays.copyOf(base, count * 2);
                    data = java.util.Arrays.copyOf(data, count * 2);
                }
                base[count] = chunk;
                data[count] = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
                count++;
                chunk = LittleEndian.i64(header, 0);
            }
        }
    }
}
