package io.pysample.memory;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One thread's reusable native block for vectored reads: {@code [remote iovecs][local iovecs][data]}. A
 * {@code struct iovec} is {@code {void *iov_base; size_t iov_len}}: 16 bytes on 64-bit Linux. Grows when a read
 * needs more data room and is then reused, so steady-state reads allocate nothing.
 */
final class IovecScratch {
    private static final int IOVEC_BYTES = 16;
    private static final int VECTOR_BYTES = LinuxSyscalls.IOV_MAX * IOVEC_BYTES;

    private Memory block;
    private long base;
    private long dataCapacity;

    IovecScratch(long initialData) {
        allocate(initialData);
    }

    private void allocate(long data) {
        if (block != null) {
            block.close();
        }
        dataCapacity = data;
        block = new Memory(2L * VECTOR_BYTES + data);
        base = Pointer.nativeValue(block);
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

    long data() {
        return base + 2L * VECTOR_BYTES;
    }

    void setRemote(int index, long address, long length) {
        block.setLong((long) index * IOVEC_BYTES, address);
        block.setLong((long) index * IOVEC_BYTES + 8, length);
    }

    void setLocal(int index, long dataOffset, long length) {
        block.setLong(VECTOR_BYTES + (long) index * IOVEC_BYTES, data() + dataOffset);
        block.setLong(VECTOR_BYTES + (long) index * IOVEC_BYTES + 8, length);
    }

    /** Copies {@code length} data bytes starting at {@code dataOffset} to {@code dst}. */
    void copyOut(long dataOffset, byte[] dst, int dstOffset, int length) {
        block.read(2L * VECTOR_BYTES + dataOffset, dst, dstOffset, length);
    }

    /** Copies {@code length} bytes from {@code src} into the data area at {@code dataOffset}. */
    void copyIn(long dataOffset, byte[] src, int srcOffset, int length) {
        block.write(2L * VECTOR_BYTES + dataOffset, src, srcOffset, length);
    }
}
