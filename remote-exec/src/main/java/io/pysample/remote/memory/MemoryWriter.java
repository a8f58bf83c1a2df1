package io.pysample.remote.memory;

/**
 * Write access to another process's memory. Only remote execution (PEP 768) obtains one, through
 * {@link ProcessMemoryWriter#open(int)}; the sampler never sees this type.
 */
public interface MemoryWriter extends AutoCloseable {

    int pid();

    /**
     * Writes {@code src[offset, offset + length)} at {@code address} in the target, all or nothing as far as the
     * kernel allows.
     *
     * @throws InvalidAddressException if the range is not wholly mapped writable
     * @throws ProcessGoneException if the target has exited
     * @throws PermissionDeniedException if the kernel refuses access
     */
    void write(long address, byte[] src, int offset, int length);

    @Override
    void close();
}
