package io.pysample.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads through {@code /proc/<pid>/mem} with positional reads ({@code pread(2)}): the fallback where
 * {@code process_vm_readv} is unavailable (e.g. blocked by seccomp). One system call per region. Opening the file
 * needs the same ptrace permission as {@code process_vm_readv}.
 */
public final class ProcMemReader implements MemoryReader {
    private final int pid;
    private final FileChannel channel;
    private final ThreadLocal<ByteBuffer> scratch = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

    /**
     * @throws ProcessGoneException if there is no such process
     * @throws PermissionDeniedException if the kernel refuses to open its memory
     */
    public ProcMemReader(int pid) {
        this.pid = pid;
        this.channel = open(pid);
    }

    private static FileChannel open(int pid) {
        Path mem = Path.of("/proc", Integer.toString(pid), "mem");
        try {
            return FileChannel.open(mem, StandardOpenOption.READ); // never for writing: see remote-exec
        } catch (NoSuchFileException e) {
            throw new ProcessGoneException(pid);
        } catch (AccessDeniedException e) {
            throw new PermissionDeniedException(pid, "opening the memory");
        } catch (IOException e) {
            if (!Files.exists(mem.getParent())) {
                throw new ProcessGoneException(pid);
            }
            throw new MemoryAccessException("cannot open " + mem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public String backendName() {
        return "/proc/pid/mem";
    }

    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        ByteBuffer buf = scratch.get();
        if (buf.capacity() < length) {
            buf = ByteBuffer.allocateDirect(Math.max(length, buf.capacity() * 2));
            scratch.set(buf);
        }
        buf.clear().limit(length);
        int n = readInto(buf, address);
        buf.flip();
        buf.get(dst, offset, n);
        return n;
    }

    /** One {@code pread} per segment, straight into the batch's buffer. */
    @Override
    public void read(ReadBatch batch) {
        ByteBuffer view = batch.data().duplicate();
        for (int i = 0; i < batch.size(); i++) {
            view.clear().position(batch.offset(i)).limit(batch.offset(i) + batch.length(i));
            batch.setValidLength(i, readInto(view, batch.address(i)));
        }
    }

    /** Reads into {@code dst}'s remaining bytes from {@code address}; the count read (0 if unmapped). */
    private int readInto(ByteBuffer dst, long address) {
        if (!dst.hasRemaining() || address < 0) {
            return 0; // the upper half of the address space (negative as a long) is never user memory
        }
        int n;
        try {
            n = channel.read(dst, address);
        } catch (IOException e) {
            return 0; // EIO: the first byte is not mapped
        }
        if (n <= 0) {
            if (!Files.exists(Path.of("/proc", Integer.toString(pid)))) {
                throw new ProcessGoneException(pid);
            }
            return 0;
        }
        return n;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to lose: the channel was read-only
        }
    }
}
