package io.pysample.memory;

/**
 * Read-only access to another process's memory. The sampler is given only this type, so it cannot write.
 *
 * <p>Reads return how many bytes are valid rather than throwing for unmapped memory: a read that runs into an
 * unmapped page yields the valid prefix (the kernel stops at page boundaries), and a read of wholly unmapped memory
 * yields 0. Only the conditions that end a session throw: {@link ProcessGoneException} and
 * {@link PermissionDeniedException}.
 *
 * <p>Implementations are safe for use by several threads unless they say otherwise.
 */
public interface MemoryReader extends AutoCloseable {
    /**
     * The base page size, in bytes, of the architectures pysample runs on (x86-64, and aarch64 kernels with 4 KiB
     * pages): the unit in which the kernel pins a target's memory for {@code process_vm_readv} and in which a mapping
     * is readable or not.
     */
    int PAGE_SIZE = 4096;

    /** The target's pid. */
    int pid();

    /** Short name of this backend for messages and benchmarks, e.g. {@code process_vm_readv}. */
    String backendName();

    /**
     * Reads {@code length} bytes at {@code address} in the target into {@code dst[offset, offset + length)}.
     *
     * @return the number of valid bytes written to {@code dst}, a prefix of the requested range: {@code length} on
     *     success, less if the range runs into unmapped memory, 0 if its first byte is unmapped
     * @throws ProcessGoneException if the target has exited
     * @throws PermissionDeniedException if the kernel refuses access
     */
    int read(long address, byte[] dst, int offset, int length);

    /**
     * Reads every segment of {@code batch}, in as few system calls as the backend can, recording each segment's
     * valid length in the batch. One unmapped segment does not spoil the others. The default reads segment by
     * segment; backends with vectored reads do better.
     *
     * @throws ProcessGoneException if the target has exited
     * @throws PermissionDeniedException if the kernel refuses access
     */
    default void read(ReadBatch batch) {
        int longest = 0;
        for (int i = 0; i < batch.size(); i++) {
            longest = Math.max(longest, batch.length(i));
        }
        byte[] bytes = new byte[longest];
        for (int i = 0; i < batch.size(); i++) {
            int n = read(batch.address(i), bytes, 0, batch.length(i));
            batch.copyIn(batch.offset(i), bytes, 0, n);
            batch.setValidLength(i, n);
        }
    }

    /**
     * Reads exactly {@code length} bytes or throws.
     *
     * @throws InvalidAddressException if any byte of the range is unmapped (cheap: no stack trace)
     */
    default void readFully(long address, byte[] dst, int offset, int length) {
        int n = read(address, dst, offset, length);
        if (n != length) {
            throw new InvalidAddressException(address, length);
        }
    }

    /** Reads {@code length} bytes into a new array, or throws {@link InvalidAddressException}. */
    default byte[] readFully(long address, int length) {
        byte[] b = new byte[length];
        readFully(address, b, 0, length);
        return b;
    }

    /** Releases native or file resources. Idempotent. */
    @Override
    void close();
}
