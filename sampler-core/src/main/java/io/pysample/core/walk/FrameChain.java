package io.pysample.core.walk;

import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.offsets.VersionQuirks;
import io.pysample.memory.MemoryReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes one thread's chain of {@code _PyInterpreterFrame}s ({@code interpreter_frame.previous} from
 * {@code thread_state.current_frame}) into raw frames: (code object address, instruction address), innermost first.
 * Frames come from the chunk copies (checked against each other), from the frames read speculatively in the same
 * batch, from older chunks, or from a direct read. Entry frames ({@code interpreter_frame.owner}
 * {@code FRAME_OWNED_BY_CSTACK} 3.13, {@code _INTERPRETER}/{@code _CSTACK} 3.14, {@code _INTERPRETER} 3.15) are
 * skipped; {@code f_executable} is a tagged {@code _PyStackRef} on 3.14+ (low two bits cleared). Cycles are found
 * with Brent's algorithm (O(1) per step); the walk is bounded by the depth limit.
 */
final class FrameChain {
    /**
     * Frames outside the stack chunk (entry frames on the C stack, generator frames) seen in a thread's previous
     * walk that are read again speculatively in the next batch, so that they cost no system call of their own.
     */
    static final int SPECULATIVE_FRAMES = 8;
    /** {@code _PyInterpreterFrame.owner} value {@code FRAME_OWNED_BY_FRAME_OBJECT}: never on a live chain. */
    static final int OWNER_FRAME_OBJECT = 2;
    /**
     * Executable recorded by a non-strict walk for a frame that is not reported (an entry frame, or one owned by a frame
     * object): odd, so never a code object's address. {@link TornStack} removes these after comparing the walks.
     */
    static final long SKIPPED = 1;

    private final MemoryReader memory;
    private final DebugOffsets offsets;
    private final VersionQuirks quirks;
    private final StackChunks chunks;
    private final OlderChunks older;
    private final int maxDepth;
    private final long executableMask;
    private final ByteBuffer frameBuffer;
    private final long[] seenOutside = new long[SPECULATIVE_FRAMES];
    private final TornStack torn = new TornStack(this);

    /** The last walk's frames, innermost first: {@code f_executable} (untagged) and {@code instr_ptr}. */
    long[] executables = new long[64];
    long[] instructions = new long[64];
    /** The frames' addresses, and whether both chunk copies agreed on each (non-strict walks). */
    long[] addresses = new long[64];
    boolean[] agreed = new boolean[64];
    int count;
    /** Whether the last walk kept only the root part of a stack that changed during the read. */
    boolean partial;
    /** Whether the last walk stopped at the depth limit (the outermost frames are missing). */
    boolean truncated;

    FrameChain(MemoryReader memory, DebugOffsets offsets, StackChunks chunks, int maxDepth) {
        this.memory = memory;
        this.offsets = offsets;
        this.quirks = offsets.quirks();
        this.chunks = chunks;
        this.older = new OlderChunks(memory, offsets.frameSize);
        this.maxDepth = maxDepth;
        this.executableMask = quirks.stackRefTagged() ? ~3L : ~0L;
        this.frameBuffer = ByteBuffer.allocate(offsets.frameSize).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Follows the chain of the thread read in {@code r}; on success remembers the frames seen outside the chunk in
     * {@code s} for the next batch. When the stack changed during the read, the part both chunk copies agree on is
     * kept ({@link TornStack}): {@link #partial} then says that the leaf part is missing.
     *
     * @return null, or why the stack cannot be trusted
     */
    DropReason walk(ThreadReads r, ThreadSlot s) {
        partial = false;
        ByteBuffer buf = r.batch.data();
        int ts = r.batch.offset(r.tstate);
        long before = buf.getLong(ts + offsets.tstateCurrentFrame);
        DropReason reason = follow(r, s, before, r.chunk1, r.chunk2, true);
        if (reason == null && chunks.unmoved(r)) {
            return null;
        }
        if ((reason == null || reason == DropReason.TORN_STACK) && r.chunk2 >= 0 && !truncated) {
            return torn.join(r, s, before, chunks.currentFrameAfter(r)) ? null : DropReason.TORN_STACK;
        }
        return reason == null ? DropReason.TORN_STACK : reason;
    }

    /**
     * Follows the chain from {@code frame}, taking frames inside the chunk from the copy {@code copy}. With
     * {@code strict}, a frame the other copy {@code other} disagrees on (or one popped while read) ends the walk as
     * torn; otherwise it is recorded in {@link #agreed} as not agreed and the walk goes on along this copy's links.
     */
    DropReason follow(ThreadReads r, ThreadSlot s, long frame, int copy, int other, boolean strict) {
        ByteBuffer buf = r.batch.data();
        int ts = r.batch.offset(r.tstate);
        count = 0;
        int outside = 0;
        older.reset();
        truncated = false;
        long last = 0;
        long tortoise = frame;
        int power = 1;
        int lambda = 0;
        int steps = 0;
        // A torn read's walks also take frames above the live stack read before from the copies (not only directly).
        int span = strict || r.chunkValid == 0 ? r.chunkValid
                : Math.min(r.batch.validLength(copy), r.batch.validLength(other));
        while (frame != 0) {
            if (++steps > maxDepth * 2 + 64) {
                truncated = true;
                break;
            }
            ByteBuffer fb;
            int fo;
            boolean agree = true;
            if (StackChunks.within(frame, r.chunkBase, span, offsets.frameSize)) {
                fb = buf;
                fo = r.batch.offset(copy) + (int) (frame - r.chunkBase);
                if (other >= 0 && !chunks.sameFrame(buf, fo,
                        r.batch.offset(other) + (int) (frame - r.chunkBase), !strict || count > 0)) {
                    if (strict) {
                        return DropReason.TORN_STACK;
                    }
                    agree = false;
                }
            } else {
                if (outside < SPECULATIVE_FRAMES) {
                    seenOutside[outside++] = frame;
                }
                int spec = speculativeSegment(r, frame);
                // A thread without a data-stack chunk (just starting, or its only Python code is a generator resumed
                // from C) has no chunk copy and no older chunks: its frames are read directly.
                fo = spec >= 0 || r.chunkValid == 0 ? -1
                        : older.locate(frame, buf, r.batch.offset(copy), r.chunkValid);
                if (spec >= 0) {
                    fb = buf;
                    fo = r.batch.offset(spec);
                } else if (fo >= 0) {
                    fb = older.buffer(frame);
                } else {
                    if (memory.read(frame, frameBuffer.array(), 0, offsets.frameSize) < offsets.frameSize) {
                        return DropReason.BAD_FRAME;
                    }
                    fb = frameBuffer;
                    fo = 0;
                }
            }
            long previous = fb.getLong(fo + offsets.framePrevious);
            int owner = fb.get(fo + offsets.frameOwner) & 0xFF;
            if (!quirks.isEntryOwner(owner) && owner != OWNER_FRAME_OBJECT) {
                long executable = fb.getLong(fo + offsets.frameExecutable) & executableMask;
                if (executable == 0) {
                    if (strict) {
                        return DropReason.TORN_STACK; // popped while we read: 3.14+ clears f_executable on return
                    }
                    agree = false;
                }
                if (count == maxDepth) {
                    truncated = true;
                    break;
                }
                add(frame, executable, fb.getLong(fo + offsets.frameInstrPtr), agree);
            } else if (!strict) {
                add(frame, SKIPPED, previous, agree); // compared like the others: it may be stale, not yet written
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
        if (!truncated && offsets.tstateBaseFrame >= 0 && last != 0
                && last != buf.getLong(ts + offsets.tstateBaseFrame)) {
            return DropReason.TORN_STACK; // 3.15: a complete walk ends at the thread's base frame
        }
        System.arraycopy(seenOutside, 0, s.speculative, 0, outside);
        s.speculativeCount = outside;
        return null;
    }

    /**
     * The segment of read {@code r} holding the speculatively read frame at {@code frame}, or -1. Bounded by the
     * frames read speculatively in {@code r}, not by the slot's count, which an earlier walk of the same read may
     * have raised (that overran the batch: an {@code ArrayIndexOutOfBoundsException} counted as an internal fault).
     */
    static int speculativeSegment(ThreadReads r, long frame) {
        if (r.speculative < 0) {
            return -1;
        }
        for (int i = 0; i < r.speculativeCount; i++) {
            int seg = r.speculative + i;
            if (r.batch.address(seg) == frame) {
                return r.batch.isComplete(seg) ? seg : -1;
            }
        }
        return -1;
    }

    private void add(long frame, long executable, long instruction, boolean agree) {
        if (count == executables.length) {
            executables = Arrays.copyOf(executables, count * 2);
            instructions = Arrays.copyOf(instructions, count * 2);
            addresses = Arrays.copyOf(addresses, count * 2);
            agreed = Arrays.copyOf(agreed, count * 2);
        }
        addresses[count] = frame;
        executables[count] = executable;
        instructions[count] = instruction;
        agreed[count] = agree;
        count++;
    }
}
