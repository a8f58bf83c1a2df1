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
 * current chunk (deep recursion). Bounded in count and bytes. Reset for every walk of a thread. A 100,000-frame
 * stack has hundreds of chunks: each is read with one call (the previous chunk's size is the guess) into a copy kept
 * for later walks, and a frame is looked for first in the chunk that held the previous one, then in the next.
 */
final class OlderChunks {
    static final int MAX_OLDER_CHUNKS = 1024;
    /** Bytes of older stack chunks read for one thread at most (deep stacks need a few hundred KiB). */
    static final long MAX_OLDER_BYTES = 64L << 20;

    private final MemoryReader memory;
    private final int frameSize;
    private long[] base = new long[4];
    private ByteBuffer[] data = new ByteBuffer[4];
    /** Valid bytes of each copy (its capacity may be larger: copies are reused). */
    private int[] length = new int[4];
    private int count;
    private int last;
    private boolean loaded;

    OlderChunks(MemoryReader memory, int frameSize) {
        this.memory = memory;
        this.frameSize = frameSize;
    }

    void reset() {
        count = 0;
        last = 0;
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
        // Callers walk outwards: the frame is in the previous frame's chunk or the next older one.
        for (int k = 0; k < 2; k++) {
            int i = last + k;
            if (i < count && StackChunks.within(frame, base[i], length[i], frameSize)) {
                last = i;
                return i;
            }
        }
        for (int i = 0; i < count; i++) {
            if (StackChunks.within(frame, base[i], length[i], frameSize)) {
                last = i;
                return i;
            }
        }
        return -1;
    }

    private void load(long chunk) {
        long budget = MAX_OLDER_BYTES;
        int guess = StackChunks.DEFAULT_CHUNK;
        while (chunk != 0 && count < MAX_OLDER_CHUNKS) {
            if (count > 0 && chunk == base[count - 1]) {
                return; // garbage; a longer loop ends at MAX_OLDER_CHUNKS or the byte budget
            }
            if (count == base.length) {
                base = Arrays.copyOf(base, count * 2);
                data = Arrays.copyOf(data, count * 2);
                length = Arrays.copyOf(length, count * 2);
            }
            byte[] copy = copyOfAtLeast(count, guess);
            int got = memory.read(chunk, copy, 0, guess); // header and, mostly, all of it
            if (got < CHUNK_HEADER) {
                return;
            }
            long size = LittleEndian.i64(copy, 8);
            long top = LittleEndian.i64(copy, 16); // slots in use, each a pointer
            if (size <= CHUNK_HEADER || size > MAX_CHUNK || top < 0 || top > (size - CHUNK_HEADER) / 8) {
                return;
            }
            int used = (int) (CHUNK_HEADER + top * 8);
            budget -= used;
            if (budget < 0) {
                return;
            }
            if (used > got) {
                copy = copyOfAtLeast(count, used);
                if (memory.read(chunk, copy, 0, used) < used) {
                    return;
                }
            }
            base[count] = chunk;
            length[count] = used;
            count++;
            guess = (int) Math.min(Math.max(CHUNK_HEADER, size), 4 * StackChunks.DEFAULT_CHUNK);
            chunk = LittleEndian.i64(copy, 0);
        }
    }

    /** The reusable copy for chunk {@code i}, with room for {@code bytes} (contents not kept when it grows). */
    private byte[] copyOfAtLeast(int i, int bytes) {
        ByteBuffer b = data[i];
        if (b == null || b.capacity() < bytes) {
            b = ByteBuffer.wrap(new byte[Math.max(bytes, StackChunks.DEFAULT_CHUNK)]).order(ByteOrder.LITTLE_ENDIAN);
            data[i] = b;
        }
        return b.array();
    }
}
