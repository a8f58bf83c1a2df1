package io.pysample.memory;

/** Which mechanism reads the target's memory. */
public enum MemoryBackend {
    /** {@code process_vm_readv}, falling back to {@code /proc/<pid>/mem} where the system call is refused. */
    AUTO,
    /** {@code process_vm_readv(2)} through JNA: batched, the fast path. */
    PROCESS_VM_READV,
    /** Positional reads of {@code /proc/<pid>/mem}: one system call per region. */
    PROC_PID_MEM;

    /**
     * Opens a reader of process {@code pid}'s memory, checking up front that the target exists and may be read.
     *
     * @throws ProcessGoneException if there is no such process
     * @throws PermissionDeniedException if neither mechanism is permitted
     */
    public MemoryReader open(int pid) {
        switch (this) {
            case PROC_PID_MEM:
                return new ProcMemReader(pid);
            case PROCESS_VM_READV:
                return probe(new ProcessVmReader(pid));
            default:
                return openAuto(pid);
        }
    }

    private static MemoryReader openAuto(int pid) {
        if (LinuxSyscalls.available()) {
            try {
                return probe(new ProcessVmReader(pid));
            } catch (PermissionDeniedException | UnsupportedOperationException e) {
                // A seccomp filter answers EPERM or ENOSYS for the call itself; /proc/<pid>/mem may still be allowed.
                ProcMemReader fallback = new ProcMemReader(pid);
                return probe(fallback);
            }
        }
        return probe(new ProcMemReader(pid));
    }

    /** Reads the unmapped page at address 0: the kernel checks existence and permission before the address. */
    private static MemoryReader probe(MemoryReader reader) {
        try {
            reader.read(0L, new byte[1], 0, 1);
            if (!ProcessInfo.exists(reader.pid())) {
                throw new ProcessGoneException(reader.pid());
            }
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }
}
