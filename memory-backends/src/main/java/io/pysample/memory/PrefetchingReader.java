package io.pysample.memory;

import java.util.Arrays;

/**
 * A reader that serves reads lying wholly inside regions read ahead by one vectored read ({@link #prefetch}) and
 * passes every other read to the reader it wraps. For code that will follow many small objects whose addresses are
 * known beforehand (the name objects of all tasks, say) through code written for single reads: N system calls
 * become one. The copies are as old as the prefetch; {@link #clear()} drops them. Not thread-safe.
 */
public final class PrefetchingReader implements MemoryReader {
    private final MemoryReader memory;
    private final ReadBatch batch = new ReadBatch(64, 1 << 14);
    /** Start addresses of the segments, ascending; segment {@code i} of {@link #batch} starts at {@code starts[i]}. */
    private long[] starts = new long[0];
    private int count;

    public PrefetchingReader(MemoryReader memory) {
        this.memory = memory;
    }

    /**
     * Replaces the prefetched regions with {@code [addresses[i], addresses[i] + length)} for {@code i < n}, read
     * now in one batch (0 addresses are skipped, duplicates read once).
     *
     * @throws ProcessGoneException if the target has exited
     * @throws PermissionDeniedException if the kernel refuses access
     */
    public void prefetch(long[] addresses, int n, int length) {
        clear();
        long[] sorted = Arrays.copyOf(addresses, n);
        Arrays.sort(sorted);
        if (starts.length < n) {
            starts = new long[n];
        }
        for (int i = 0; i < n; i++) {
            if (sorted[i] != 0 && (count == 0 || starts[count - 1] != sorted[i])) {
                starts[count++] = sorted[i];
                batch.add(sorted[i], length);
            }
        }
        if (count > 0) {
            memory.read(batch);
        }
    }

    /** Forgets the prefetched regions: every read goes to the wrapped reader. */
    public void clear() {
        batch.clear();
        count = 0;
    }

    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        int i = Arrays.binarySearch(starts, 0, count, address);
        if (i < 0) {
            i = -i - 2; // the last segment starting before address
        }
        long at = i >= 0 ? address - starts[i] : -1;
        if (at >= 0 && at <= batch.validLength(i) - length) { // in this form no corrupt address can overflow it
            batch.copyOut(batch.offset(i) + (int) at, dst, offset, length);
            return length;
        }
        return memory.read(address, dst, offset, length);
    }

    @Override
    public int pid() {
        return memory.pid();
    }

    @Override
    public String backendName() {
        return memory.backendName();
    }

    /** Does not close the wrapped reader, which belongs to the caller. */
    @Override
    public void close() {
        clear();
    }
}
