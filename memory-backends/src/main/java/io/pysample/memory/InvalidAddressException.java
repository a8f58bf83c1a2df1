package io.pysample.memory;

/**
 * A remote address range is not (wholly) mapped in the target ({@code EFAULT} from {@code process_vm_readv},
 * {@code EIO} from {@code /proc/<pid>/mem}). Routine while sampling a running process, whose pointers go stale
 * between reads, so no stack trace is captured.
 */
public final class InvalidAddressException extends MemoryAccessException {
    private static final long serialVersionUID = 1L;
    private final long address;
    private final int length;

    public InvalidAddressException(long address, int length) {
        super(null, false);
        this.address = address;
        this.length = length;
    }

    public long address() {
        return address;
    }

    public int length() {
        return length;
    }

    @Override
    public String getMessage() {
        return "cannot read " + length + " bytes at 0x" + Long.toHexString(address) + " (not mapped)";
    }
}
