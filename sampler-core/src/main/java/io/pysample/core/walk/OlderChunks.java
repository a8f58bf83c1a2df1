package io.pysample.core.walk;

import static io.pysample.core.walk.StackChunks.CHUNK_HEADER;
import static io.pysample.core.walk.StackChunks.MAX_CHUNK;

import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A thread's older stack chunks ({@code _PyStackChunk.previous} chain), read on demand when a frame lies outside the
 * current chunk (deep recursion). Bounded in count and bytes. Reset for every walk of a thread.
 */
final class OlderChunks {
    static final int MAX_OLDER_CHUNKS = 1024;
    /** Bytes of older stack chunks read for one thread at most (deep stacks need a few hundred KiB). */
    static final long MAX_OLDER_BYTES = 64L << 20;

    private final MemoryReader memory;
    private final int frameSize;
    private final byte[] header = new byte[CHUNK_HEADER];
    private long[] base = new long[4];
    private ByteBuffer[] data = new ByteBuffer[4];
    private int count;
    private boolean loaded;

    OlderChunks(MemoryReader memory, int frameSize) {
        this.memory = memory;
        this.frameSize = frameSize;
    }

    void reset() {
        count = 0;
        loaded = false;
    }

    /**
     * Offset of {@code frame} in its older chunk's copy, or -1 if no older chunk holds it. The chain is read on the
     * first call, starting at the {@code previous} link of the current chunk's copy.
     */
    int locate(long frame, ByteBuffer currentBuf, int currentOff, int currentValid) {
        if (!loaded) {
            loaded = true;
            if (currentValid >= CHUNK_HEADER) {
                load(currentBuf.getLong(currentOff));
            }
        }
        int i = indexOf(frame);
        return i < 0 ? -1 : (int) (frame - base[i]);
    }

    /** The copy holding {@code frame}, which {@link #locate} found. */
    ByteBuffer buffer(long frame) {
        int i = indexOf(frame);
        if (i < 0) {
            throw new IllegalStateException("frame not in an older chunk");
        }
        return data[i];
    }

    private int indexOf(long frame) {
        for (int i = 0; i < count; i++) {
            if (StackChunks.within(frame, base[i], data[i].capacity(), frameSize)) {
                return i;
            }
        }
        return -1;
    }

    private void load(long chunk) {
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
                base = Arrays.copyOf(base, count * 2);
                data = Arrays.copyOf(data, count * 2);
            }
            base[count] = chunk;
            data[count] = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
            count++;
            chunk = LittleEndian.i64(header, 0);
        }
    }
}
