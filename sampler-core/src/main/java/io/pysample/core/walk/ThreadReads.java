package io.pysample.core.walk;

import io.pysample.memory.ReadBatch;

/**
 * Where one read of a thread lies in a {@link ReadBatch} (segment indices, -1 where absent), and what its stack
 * chunk copy was found to cover. Filled by {@link StackChunks#addReads} and {@link StackChunks#covers}.
 */
final class ThreadReads {
    ReadBatch batch;
    /** The thread state, up to the last field used. */
    int tstate;
    /** The current stack chunk, first and second copy ({@code chunk2} is -1 for a single copy). */
    int chunk1;
    int chunk2;
    /** {@code state}, {@code current_frame} and {@code datastack_top} again, between the chunk copies. */
    int after;
    /** The first of the speculatively read frames outside the chunk. */
    int speculative;
    /**
     * How many frames this read holds speculatively: the slot's count when the read was built. A walk of the read
     * updates the slot's count for the next read (a torn read is walked up to three times), so lookups in this read
     * must not use it.
     */
    int speculativeCount;
    /**
     * The sum of the interpreters' {@code code_object_generation}s read after this read's frames (3.14+), or -1 if
     * a read was incomplete.
     */
    long generation;
    /** Address of the copied chunk and the bytes of it that are live (0 for a thread without a data stack). */
    long chunkBase;
    int chunkValid;
}
