package io.pysample.memory;

import com.sun.jna.Native;

/**
 * Reads through {@code process_vm_readv(2)}: no ptrace stop, one system call for many regions. Each calling thread
 * gets its own native iovec block, so the reader is thread-safe and allocates nothing per read once warm.
 *
 * <p>A return of {@code n} bytes means the first {@code n} bytes of the concatenated local buffers are valid (the
 * kernel stops at the first unreadable page); a batch is resumed after the segment that stopped it. Consecutive
 * segments of a batch that lie in ascending order within one page share a remote iovec (the bytes between them are
 * read into a junk buffer): the kernel pins pages and looks up the mapping once per remote iovec, which costs more
 * than copying a few hundred extra bytes. Batches are read straight into their direct buffer.
 */
public final class ProcessVmReader implements MemoryReader {
    private static final int INITIAL_DATA = 64 * 1024;

    private final int pid;
    private final ThreadLocal<IovecScratch> scratch = ThreadLocal.withInitial(() -> new IovecScratch(INITIAL_DATA));

    /**
     * @throws UnsupportedOperationException if JNA cannot bind the system call on this platform
     */
    public ProcessVmReader(int pid) {
        if (!LinuxSyscalls.available()) {
            throw new UnsupportedOperationException("process_vm_readv is not available: " + LinuxSyscalls.loadFailure());
        }
        this.pid = pid;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public String backendName() {
        return "process_vm_readv";
    }

    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        IovecScratch s = scratch.get();
        s.ensureData(length);
        s.setRemote(0, address, length);
        s.setLocal(0, 0, length);
        long n = LinuxSyscalls.process_vm_readv(pid, s.localIov(), 1, s.remoteIov(), 1, 0);
        if (n < 0) {
            failUnlessFault(Native.getLastError(), "reading memory");
            return 0;
        }
        s.copyOut(0, dst, offset, (int) n);
        return (int) n;
    }

    @Override
    public void read(ReadBatch batch) {
        int total = batch.size();
        if (total == 0) {
            return;
        }
        IovecScratch s = scratch.get();
        long data = batch.nativeAddress(); // the kernel writes straight into the batch's direct buffer
        long[] stream = s.streamPositions(total);
        int start = 0;
        while (start < total) {
            // Every segment may need a junk local iovec before it: at most IOV_MAX / 2 segments per call.
            int end = Math.min(total, start + LinuxSyscalls.IOV_MAX / 2);
            int remote = -1;
            int local = 0;
            long remoteEnd = 0;
            long position = 0;
            for (int i = start; i < end; i++) {
                long address = batch.address(i);
                int len = batch.length(i);
                long gap = address - remoteEnd;
                if (remote >= 0 && joinable(remoteEnd, address)) {
                    // Same page as the previous region's end: extend its remote iovec over the gap, whose bytes go
                    // to the junk area. The kernel pins and looks up pages per remote iovec, so this saves work.
                    if (gap > 0) {
                        s.setLocalJunk(local++, gap);
                        position += gap;
                    }
                    s.extendRemote(remote, gap + len);
                } else {
                    s.setRemote(++remote, address, len);
                }
                s.setLocalAddress(local++, data + batch.offset(i), len);
                stream[i] = position;
                position += len;
                remoteEnd = address + len;
            }
            long n = LinuxSyscalls.process_vm_readv(pid, s.localIov(), local, s.remoteIov(), remote + 1, 0);
            if (n < 0) {
                failUnlessFault(Native.getLastError(), "reading memory");
                batch.setValidLength(start, 0); // the first segment is unreadable: skip it and go on
                start++;
                continue;
            }
            int next = distribute(batch, start, end, n, stream);
            start = n == position ? end : next;
        }
    }

    /**
     * Whether a region starting at {@code address} can share a remote iovec with one ending at {@code end}: it
     * starts at or after that end, in the page holding that end's last byte, so the gap between them is readable
     * whenever the two regions are.
     */
    static boolean joinable(long end, long address) {
        return address >= end && (end - 1) / PAGE_SIZE == address / PAGE_SIZE;
    }

    /**
     * Marks which segments the {@code n} bytes covered ({@code stream[i]}: where segment {@code i} starts in the
     * transferred byte stream, junk included); returns the segment to resume at.
     */
    private static int distribute(ReadBatch batch, int start, int end, long n, long[] stream) {
        for (int i = start; i < end; i++) {
            int len = batch.length(i);
            int got = (int) Math.max(0, Math.min(n - stream[i], len));
            batch.setValidLength(i, got);
            if (got < len) {
                return i + 1; // this segment stopped the transfer; the ones after it were not attempted
            }
        }
        return end;
    }

    private void failUnlessFault(int errno, String what) {
        switch (errno) {
            case LinuxSyscalls.EFAULT:
            case LinuxSyscalls.EIO:
                return;
            case LinuxSyscalls.ESRCH:
                throw new ProcessGoneException(pid);
            case LinuxSyscalls.EPERM:
            case LinuxSyscalls.EACCES:
                throw new PermissionDeniedException(pid, what);
            case LinuxSyscalls.ENOSYS:
                throw new UnsupportedOperationException("process_vm_readv is not implemented by this kernel");
            default:
                throw new MemoryAccessException("process_vm_readv failed for process " + pid + ": errno " + errno);
        }
    }

    @Override
    public void close() {
        // Native blocks belong to the calling threads and are freed with them (JNA Memory is cleaned up on GC).
    }
}
