package io.pysample.memory;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One thread's reusable native block for vectored reads: {@code [remote iovecs][local iovecs][junk][data]}. A
 * {@code struct iovec} is {@code {void *iov_base; size_t iov_len}}: 16 bytes on 64-bit Linux. Grows when a read
 * needs more data room and is then reused, so steady-state reads allocate nothing.
 *
 * <p>The block is a direct {@link ByteBuffer} so that filling iovecs and copying data out are plain memory
 * accesses the JIT compiles inline (JNA's {@code Pointer.setLong} and {@code read} are a JNI call each, which cost
 * more than the system call itself for a batch of a hundred small regions).
 */
final class IovecScratch {
    private static final int IOVEC_BYTES = 16;
    private static final int VECTOR_BYTES = LinuxSyscalls.IOV_MAX * IOVEC_BYTES;
    /** Where bytes read only to join two remote regions into one iovec go: less than a page. */
    static final int JUNK_BYTES = 4096;
    private static final int JUNK = 2 * VECTOR_BYTES;
    private static final int DATA = JUNK + JUNK_BYTES;

    private ByteBuffer block;
    private long[] stream = new long[64];
    private long base;
    private long dataCapacity;

    IovecScratch(long initialData) {
        allocate(initialData);
    }

    private void allocate(long data) {
        if (DATA + data > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("read of " + data + " bytes is too large");
        }
        dataCapacity = data;
        // Freed by the garbage collector once unreachable, like JNA's Memory.
        block = ByteBuffer.allocateDirect((int) (DATA + data)).order(ByteOrder.nativeOrder());
        base = Pointer.nativeValue(Native.getDirectBufferPointer(block));
    }

    /** Makes sure {@code bytes} of data fit, dropping the old contents if the block must grow. */
    void ensureData(long bytes) {
        if (bytes > dataCapacity) {
            allocate(Math.max(bytes, dataCapacity * 2));
        }
    }

    long remoteIov() {
        return base;
    }

    long localIov() {
        return base + VECTOR_BYTES;
    }

    void setRemote(int index, long address, long length) {
        block.putLong(index * IOVEC_BYTES, address);
        block.putLong(index * IOVEC_BYTES + 8, length);
    }

    /** Lengthens remote iovec {@code index} by {@code bytes}. */
    void extendRemote(int index, long bytes) {
        block.putLong(index * IOVEC_BYTES + 8, block.getLong(index * IOVEC_BYTES + 8) + bytes);
    }

    /** Scratch for the reader: where each segment starts in a call's transferred byte stream. */
    long[] streamPositions(int segments) {
        if (stream.length < segments) {
            stream = new long[Math.max(segments, stream.length * 2)];
        }
        return stream;
    }

    /** Points local iovec {@code index} at {@code length} bytes of this block's data area at {@code dataOffset}. */
    void setLocal(int index, long dataOffset, long length) {
        setLocalAddress(index, base + DATA + dataOffset, length);
    }

    /** Points local iovec {@code index} at {@code length} bytes of native memory at {@code address}. */
    void setLocalAddress(int index, long address, long length) {
        block.putLong(VECTOR_BYTES + index * IOVEC_BYTES, address);
        block.putLong(VECTOR_BYTES + index * IOVEC_BYTES + 8, length);
    }

    /** Points local iovec {@code index} at the junk area: {@code length <= JUNK_BYTES} bytes to throw away. */
    void setLocalJunk(int index, long length) {
        setLocalAddress(index, base + JUNK, length);
    }

    /** Copies {@code length} data bytes starting at {@code dataOffset} to {@code dst}. */
    void copyOut(int dataOffset, byte[] dst, int dstOffset, int length) {
        block.get(DATA + dataOffset, dst, dstOffset, length);
    }

    /** Copies {@code length} bytes from {@code src} into the data area at {@code dataOffset}. */
    void copyIn(int dataOffset, byte[] src, int srcOffset, int length) {
        block.put(DATA + dataOffset, src, srcOffset, length);
    }
}
