package io.pysample.core.walk;

import java.util.Arrays;

/**
 * What the walker remembers of one thread between samples: where its stack chunk was and how much of it to copy,
 * the frames outside the chunk to read speculatively, and its previous stack (raw frames and their frame ids, root
 * first) for reusing the unchanged part. Created when discovery first sees the thread at its position.
 */
final class ThreadSlot {
    final long tstate;
    /** Index of the thread's interpreter in the current discovery. */
    int interp;
    /** Where this sample's main batch holds the thread's reads. */
    final ThreadReads inBatch = new ThreadReads();

    long chunkAddress;
    int chunkReadLength;
    int chunkSize;
    int shrinkVotes;
    /** Whether the thread's chunk is copied once: it was detached (not running Python) in its last sample. */
    boolean singleCopy;

    final long[] speculative = new long[FrameChain.SPECULATIVE_FRAMES];
    int speculativeCount;

    long[] lastExecutable = new long[0];
    long[] lastInstruction = new long[0];
    int[] lastFrameId = new int[0];
    int lastDepth;
    /** The code cache's epoch when {@link #lastFrameId} was resolved: ids from an older epoch are stale. */
    long lastEpoch;

    ThreadSlot(long tstate) {
        this.tstate = tstate;
    }

    /** Makes room for a previous stack of {@code depth} frames. */
    void ensureDepth(int depth) {
        if (lastExecutable.length < depth) {
            int n = Math.max(64, depth);
            lastExecutable = Arrays.copyOf(lastExecutable, n);
            lastInstruction = Arrays.copyOf(lastInstruction, n);
            lastFrameId = Arrays.copyOf(lastFrameId, n);
        }
    }
}
