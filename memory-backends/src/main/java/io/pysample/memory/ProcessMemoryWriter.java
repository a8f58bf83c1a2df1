package io.pysample.memory;

import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Writes with {@code process_vm_writev(2)}, or through {@code /proc/<pid>/mem} opened for writing when the system
 * call is unavailable. Needs the same ptrace permission as reading.
 */
public final class ProcessMemoryWriter implements MemoryWriter {
    private final int pid;
    private final IovecScratch scratch;
    private final FileChannel procMem;

    private ProcessMemoryWriter(int pid, IovecScratch scratch, FileChannel procMem) {
        this.pid = pid;
        this.scratch = scratch;
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
        if (LinuxSyscalls.available()) {
            return new ProcessMemoryWriter(pid, new IovecScratch(4096), null);
        }
        return new ProcessMemoryWriter(pid, null, ProcMemReader.open(pid, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public synchronized void write(long address, byte[] src, int offset, int length) {
        if (procMem != null) {
            writeProcMem(address, src, offset, length);
            return;
        }
        scratch.ensureData(length);
        scratch.copyIn(0, src, offset, length);
        scratch.setLocal(0, 0, length);
        scratch.setRemote(0, address, length);
        long n = LinuxSyscalls.process_vm_writev(pid, scratch.localIov(), 1, scratch.remoteIov(), 1, 0);
        if (n == length) {
            return;
        }
        if (n >= 0) {
            throw new InvalidAddressException(address + n, (int) (length - n));
        }
        int errno = Native.getLastError();
        switch (errno) {
            case LinuxSyscalls.EFAULT:
                throw new InvalidAddressException(address, length);
            case LinuxSyscalls.ESRCH:
                throw new ProcessGoneException(pid);
            case LinuxSyscalls.EPERM:
            case LinuxSyscalls.EACCES:
                throw new PermissionDeniedException(pid, "writing the memory");
            default:
                throw new MemoryAccessException("process_vm_writev failed for process " + pid + ": errno " + errno);
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
