package io.pysample.memory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A reusable list of remote regions to read together, for example every thread state of a target in one
 * {@code process_vm_readv} call.
 *
 * <p>Segment {@code i}'s bytes land in {@link #data()} at {@link #offset(int)}; after
 * {@link MemoryReader#read(ReadBatch)}, {@link #validLength(int)} says how many of them are valid (a prefix). The
 * batch grows as needed and allocates nothing once it has reached its working size, so a sampling thread can keep
 * one and {@link #clear()} it per sample. The bytes live in a direct little-endian {@link ByteBuffer}, so that
 * {@code process_vm_readv} writes them where the caller parses them, with no copy in between. Not thread-safe.
 */
public final class ReadBatch {
    private long[] addresses;
    private int[] lengths;
    private int[] offsets;
    private int[] valid;
    private int count;
    private ByteBuffer data;
    /** Native address of {@link #data}, learnt on first use by a native backend; 0 if not yet known. */
    private long dataAddress;
    private int used;

    public ReadBatch() {
        this(16, 4096);
    }

    /**
     * @param segments initial segment capacity
     * @param bytes initial buffer capacity in bytes
     */
    public ReadBatch(int segments, int bytes) {
        addresses = new long[Math.max(1, segments)];
        lengths = new int[addresses.length];
        offsets = new int[addresses.length];
        valid = new int[addresses.length];
        data = allocate(Math.max(16, bytes));
    }

    /** Forgets all segments, keeping the capacity. */
    public void clear() {
        count = 0;
        used = 0;
    }

    /**
     * Adds a region to read.
     *
     * @param address remote start address
     * @param length bytes to read, {@code >= 0}
     * @return the segment's index
     */
    public int add(long address, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (count == addresses.length) {
            int n = count * 2;
            addresses = Arrays.copyOf(addresses, n);
            lengths = Arrays.copyOf(lengths, n);
            offsets = Arrays.copyOf(offsets, n);
            valid = Arrays.copyOf(valid, n);
        }
        // Keep every segment 8-byte aligned in the buffer so that 64-bit fields can be read without straddling.
        int start = (used + 7) & ~7;
        if (start + length > data.capacity()) {
            ByteBuffer bigger = allocate(Math.max(data.capacity() * 2, start + length));
            bigger.put(0, data, 0, used);
            data = bigger;
            dataAddress = 0;
        }
        addresses[count] = address;
        lengths[count] = length;
        offsets[count] = start;
        valid[count] = 0;
        used = start + length;
        return count++;
    }

    public int size() {
        return count;
    }

    public long address(int segment) {
        return addresses[segment];
    }

    public int length(int segment) {
        return lengths[segment];
    }

    /** Where segment {@code segment}'s bytes start in {@link #data()}. */
    public int offset(int segment) {
        return offsets[segment];
    }

    /** Bytes of the segment that were read; a prefix of its range. 0 before the batch is read. */
    public int validLength(int segment) {
        return valid[segment];
    }

    /** Whether the whole segment was read. */
    public boolean isComplete(int segment) {
        return valid[segment] == lengths[segment];
    }

    /**
     * The direct little-endian buffer holding every segment's bytes (read it with absolute accessors such as
     * {@code getLong(int)}). May be replaced by {@link #add}; fetch it after adding.
     */
    public ByteBuffer data() {
        return data;
    }

    /** Bytes of {@link #data()} in use, padding included. */
    public int bufferUsed() {
        return used;
    }

    /** Copies {@code length} bytes of the buffer starting at {@code offset} into {@code dst}. */
    public void copyOut(int offset, byte[] dst, int dstOffset, int length) {
        data.get(offset, dst, dstOffset, length);
    }

    /** For backends without vectored reads: stores {@code length} bytes read for a segment at {@code offset}. */
    public void copyIn(int offset, byte[] src, int srcOffset, int length) {
        data.put(offset, src, srcOffset, length);
    }

    /** For native backends: the address of {@link #data()}'s first byte (JNA; only called where JNA is loaded). */
    long nativeAddress() {
        if (dataAddress == 0) {
            dataAddress = Pointer.nativeValue(Native.getDirectBufferPointer(data));
        }
        return dataAddress;
    }

    private static ByteBuffer allocate(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** For backends: records how much of a segment was read. */
    public void setValidLength(int segment, int bytes) {
        valid[segment] = bytes;
    }
}
