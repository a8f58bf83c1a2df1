package io.pysample.memory;

/**
 * The target process does not exist (no such pid) or has exited: {@code ESRCH} from {@code process_vm_readv},
 * end of file from {@code /proc/<pid>/mem}, or a missing {@code /proc/<pid>} directory.
 */
public final class ProcessGoneException extends MemoryAccessException {
    private static final long serialVersionUID = 1L;
    private final int pid;

    public ProcessGoneException(int pid) {
        super("process " + pid + " does not exist (or has exited)");
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }
}
