package io.pysample.remote.memory;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.pysample.memory.InvalidAddressException;
import io.pysample.memory.MemoryAccessException;
import io.pysample.memory.PermissionDeniedException;
import io.pysample.memory.ProcessGoneException;
import io.pysample.memory.ProcessInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes with {@code process_vm_writev(2)}, or through {@code /proc/<pid>/mem} opened for writing when the system
 * call is unavailable. Needs the same ptrace permission as reading. Writes are few and small (a script path, two
 * flags), so each one allocates its native buffer.
 */
public final class ProcessMemoryWriter implements MemoryWriter {
    /** {@code struct iovec}: {@code void *iov_base; size_t iov_len} (64-bit Linux). */
    private static final int IOVEC_SIZE = 16;

    private final int pid;
    private final FileChannel procMem;

    private ProcessMemoryWriter(int pid, FileChannel procMem) {
        this.pid = pid;
        this.procMem = procMem;
    }

    /**
     * Opens a writer for process {@code pid}.
     *
     * @throws ProcessGoneException if there is no such process
     * @throws PermissionDeniedException if writing is not permitted
     */
    public static ProcessMemoryWriter open(int pid) {
        if (!ProcessInfo.exists(pid)) {
            throw new ProcessGoneException(pid);
        }
        return new ProcessMemoryWriter(pid, WriteSyscall.available() ? null : openProcMem(pid));
    }

    private static FileChannel openProcMem(int pid) {
        Path mem = Path.of("/proc", Integer.toString(pid), "mem");
        try {
            return FileChannel.open(mem, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new ProcessGoneException(pid);
        } catch (AccessDeniedException e) {
            throw new PermissionDeniedException(pid, "opening the memory for writing");
        } catch (IOException e) {
            throw new MemoryAccessException("cannot open " + mem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public synchronized void write(long address, byte[] src, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (procMem != null) {
            writeProcMem(address, src, offset, length);
            return;
        }
        try (Memory block = new Memory(2L * IOVEC_SIZE + length)) {
            Pointer data = block.share(2L * IOVEC_SIZE);
            data.write(0, src, offset, length);
            block.setLong(0, Pointer.nativeValue(data));
            block.setLong(8, length);
            block.setLong(IOVEC_SIZE, address);
            block.setLong(IOVEC_SIZE + 8, length);
            long iovs = Pointer.nativeValue(block);
            long n = WriteSyscall.process_vm_writev(pid, iovs, 1, iovs + IOVEC_SIZE, 1, 0);
            if (n == length) {
                return;
            }
            if (n >= 0) {
                throw new InvalidAddressException(address + n, (int) (length - n));
            }
            int errno = Native.getLastError();
            switch (errno) {
                case WriteSyscall.EFAULT:
                    throw new InvalidAddressException(address, length);
                case WriteSyscall.ESRCH:
                    throw new ProcessGoneException(pid);
                case WriteSyscall.EPERM:
                case WriteSyscall.EACCES:
                    throw new PermissionDeniedException(pid, "writing the memory");
                default:
                    throw new MemoryAccessException("process_vm_writev failed for process " + pid + ": errno "
                            + errno);
            }
        }
    }

    private void writeProcMem(long address, byte[] src, int offset, int length) {
        try {
            int n = procMem.write(ByteBuffer.wrap(src, offset, length), address);
            if (n != length) {
                throw new InvalidAddressException(address, length);
            }
        } catch (IOException e) {
            if (!ProcessInfo.exists(pid)) {
                throw new ProcessGoneException(pid);
            }
            throw new InvalidAddressException(address, length);
        }
    }

    @Override
    public void close() {
        if (procMem != null) {
            try {
                procMem.close();
            } catch (IOException ignored) {
                // nothing buffered: writes are positional and immediate
            }
        }
    }
}
