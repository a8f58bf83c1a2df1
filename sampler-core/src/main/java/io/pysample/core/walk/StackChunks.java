package io.pysample.core.walk;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.offsets.VersionQuirks;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;
import java.nio.ByteBuffer;

/**
 * Copies a thread's current data-stack chunk ({@code thread_state.datastack_chunk}, a {@code _PyStackChunk} whose
 * frames are the thread's Python frames) and checks that a copy can be trusted: it covers the live stack, the thread
 * state did not move while it was made, and two copies agree frame by frame.
 *
 * <p>{@code _PyStackChunk} ({@code Include/internal/pycore_frame.h}, 3.13-3.15): {@code previous} @0, {@code size}
 * @8, {@code top} (slots in use) @16, {@code data[]} @24.
 */
final class StackChunks {
    static final int CHUNK_HEADER = 24;
    static final int DEFAULT_CHUNK = 16 * 1024;
    static final int MAX_CHUNK = 16 << 20;
    /** Extra bytes read past the last known top of stack, so that a few new calls need no second read. */
    static final int CHUNK_SLACK = 256;
    /**
     * The slack never extends a read into a page the live stack does not reach: the kernel pins every page a read
     * touches, and one more page per copy cost more than the occasional re-read when the stack grows into it. 4 KiB,
     * the smallest page size of the supported platforms (a larger page only makes this clipping unnecessary).
     */
    static final int PAGE = MemoryReader.PAGE_SIZE;
    /** Consecutive samples that fit a shorter read before the read is shortened (hysteresis at a page boundary). */
    static final int SHRINK_AFTER = 64;

    private final MemoryReader memory;
    private final DebugOffsets offsets;
    /** Bytes of each thread state read: up to its last field the walker uses (3.14: 248 of 832). */
    private final int tstateReadLength;
    /** The span re-read between the chunk copies: {@code state}, {@code current_frame}, {@code datastack_top}. */
    private final int afterLo;
    private final int afterLen;
    private final byte[] scratch8 = new byte[8];

    StackChunks(MemoryReader memory, DebugOffsets offsets) {
        this.memory = memory;
        this.offsets = offsets;
        int last = 0;
        for (int off : new int[] {offsets.tstateNext, offsets.tstateStatus, offsets.tstateState,
            offsets.tstateHoldsGil, offsets.tstateCurrentFrame, offsets.tstateBaseFrame, offsets.tstateThreadId, offsets.tstateNativeThreadId, offsets.tstateDatastackChunk,
            offsets.tstateDatastackTop, offsets.tstateExcValue}) {
            last = Math.max(last, off + 8);
        }
        this.tstateReadLength = Math.min(offsets.tstateSize, last);
        this.afterLo = Math.min(offsets.tstateState, Math.min(offsets.tstateCurrentFrame, offsets.tstateDatastackTop));
        this.afterLen = Math.max(offsets.tstateState,
                Math.max(offsets.tstateCurrentFrame, offsets.tstateDatastackTop)) + 8 - afterLo;
    }

    /**
     * Adds a thread's reads to {@code b}, in this order (one batch is copied in segment order): its state, its chunk,
     * state, current frame and top again, the chunk's second copy (unless the thread was detached last time), then
     * the frames outside the chunk seen in its last walk.
     *
     * <p>The second copy comes after the re-read state so that it shows the frame at {@code current_frame} as it was
     * then or later: CPython 3.13 leaves a popped frame's {@code f_executable} in place, so a thread that left a
     * frame and came back to the same {@code current_frame} and {@code datastack_top} (another function of the same
     * frame size, at the same depth) could otherwise be read, in both copies, as the stale old leaf above the new
     * callers (seen once: {@code b_mid → a_leaf} in TornStackTest). The new leaf is written before
     * {@code current_frame} points at it, so the second copy disagrees with the first.
     */
    void addReads(ReadBatch b, ThreadSlot s, ThreadReads r) {
        r.batch = b;
        r.tstate = b.add(s.tstate, tstateReadLength);
        r.chunk1 = s.chunkReadLength > 0 ? b.add(s.chunkAddress, s.chunkReadLength) : -1;
        r.after = b.add(s.tstate + afterLo, afterLen);
        r.chunk2 = s.chunkReadLength > 0 && !s.singleCopy ? b.add(s.chunkAddress, s.chunkReadLength) : -1;
        r.speculative = s.speculativeCount > 0 ? b.size() : -1;
        r.speculativeCount = s.speculativeCount;
        for (int i = 0; i < s.speculativeCount; i++) {
            b.add(s.speculative[i], offsets.frameSize);
        }
    }

    /** Whether both thread-state reads arrived whole. */
    boolean threadStateRead(ThreadReads r) {
        return r.batch.isComplete(r.tstate) && r.batch.isComplete(r.after);
    }

    /**
     * Whether {@code PyThreadState.state} was {@code _Py_THREAD_ATTACHED} in the thread-state read before the first
     * chunk copy or in the one after it. A thread detached at both can only have changed its frames by attaching,
     * running and detaching again within the few microseconds between them (it must take the GIL to run Python
     * code).
     */
    boolean attachedBeforeOrAfter(ThreadReads r) {
        ByteBuffer buf = r.batch.data();
        return buf.getInt(r.batch.offset(r.tstate) + offsets.tstateState) == VersionQuirks.THREAD_ATTACHED
                || buf.getInt(r.batch.offset(r.after) + offsets.tstateState - afterLo) == VersionQuirks.THREAD_ATTACHED;
    }

    /**
     * Whether the thread state's {@code current_frame} and {@code datastack_top} read before the first copy and
     * between the copies agree. The copies are not atomic: a walk is trusted only if the thread state did not move
     * while the first was made, and the second (made later) agrees with it. (Measured: without this, about 1 in
     * 500,000 samples of a target alternating between two call chains mixed them on 3.14/3.15, even though popped
     * frames there have their executable cleared.)
     */
    boolean unmoved(ThreadReads r) {
        ByteBuffer buf = r.batch.data();
        int ts = r.batch.offset(r.tstate);
        int after = r.batch.offset(r.after) - afterLo;
        return buf.getLong(ts + offsets.tstateCurrentFrame) == buf.getLong(after + offsets.tstateCurrentFrame)
                && buf.getLong(ts + offsets.tstateDatastackTop) == buf.getLong(after + offsets.tstateDatastackTop);
    }

    /** {@code current_frame} as read after the first chunk copy (before the second). */
    long currentFrameAfter(ThreadReads r) {
        return r.batch.data().getLong(r.batch.offset(r.after) + offsets.tstateCurrentFrame - afterLo);
    }

    /**
     * Checks that this read's chunk copies cover the thread's live stack (filling {@code r.chunkBase} and
     * {@code r.chunkValid}); if not, updates the thread's speculation so that the next read (a retry) covers it.
     */
    boolean covers(ThreadReads r, ThreadSlot s) {
        ByteBuffer buf = r.batch.data();
        int ts = r.batch.offset(r.tstate);
        long chunk = buf.getLong(ts + offsets.tstateDatastackChunk);
        long top = buf.getLong(ts + offsets.tstateDatastackTop);
        if (chunk == 0) {
            r.chunkValid = 0;
            return true; // a thread state without a data stack yet: no Python frames
        }
        long used = top - chunk;
        if (used < CHUNK_HEADER || used > MAX_CHUNK) {
            return false;
        }
        if (chunk == s.chunkAddress && r.chunk1 >= 0 && r.batch.validLength(r.chunk1) >= used
                && (r.chunk2 < 0 || r.batch.validLength(r.chunk2) >= used)) {
            r.chunkBase = chunk;
            r.chunkValid = (int) used;
            // A stack that shrank back below a page boundary for a while is read without the page above it.
            int want = readLength(chunk, (int) used, s.chunkSize);
            if (want < s.chunkReadLength && ++s.shrinkVotes >= SHRINK_AFTER) {
                s.chunkReadLength = want;
                s.shrinkVotes = 0;
            } else if (want >= s.chunkReadLength) {
                s.shrinkVotes = 0;
            }
            return true;
        }
        if (chunk != s.chunkAddress || s.chunkSize == 0) {
            s.chunkSize = used <= DEFAULT_CHUNK ? DEFAULT_CHUNK : readChunkSize(chunk);
            s.chunkAddress = chunk;
        }
        s.chunkReadLength = readLength(chunk, (int) used, s.chunkSize);
        s.shrinkVotes = 0;
        return false;
    }

    /** Whether both chunk copies agree on the fields that define the stack (links, code, caller positions). */
    boolean sameFrame(ByteBuffer b, int a, int c, boolean caller) {
        if (b.getLong(a + offsets.framePrevious) != b.getLong(c + offsets.framePrevious)
                || b.getLong(a + offsets.frameExecutable) != b.getLong(c + offsets.frameExecutable)
                || b.get(a + offsets.frameOwner) != b.get(c + offsets.frameOwner)) {
            return false;
        }
        // A caller's instruction is frozen while its callee runs; the executing frame's moves on, legitimately.
        return !caller || b.getLong(a + offsets.frameInstrPtr) == b.getLong(c + offsets.frameInstrPtr);
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

    /**
     * Whether a frame of {@code size} bytes at {@code frame} lies in the data part of a chunk copy of {@code length}
     * bytes starting at {@code base}. Written with a subtraction so that garbage addresses near the ends of the
     * address space cannot wrap around into range.
     */
    static boolean within(long frame, long base, int length, int size) {
        long rel = frame - base;
        return rel >= CHUNK_HEADER && rel <= length - size;
    }

    private int readChunkSize(long chunk) {
        long size = memory.read(chunk + 8, scratch8, 0, 8) < 8 ? -1 : LittleEndian.i64(scratch8, 0);
        return size > CHUNK_HEADER && size <= MAX_CHUNK ? (int) size : DEFAULT_CHUNK;
    }
}
