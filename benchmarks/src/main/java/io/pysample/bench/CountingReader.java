package io.pysample.bench;

import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;

/**
 * A {@link MemoryReader} that counts what passes through it: system calls (one per single read; one per 512
 * segments of a batch, as {@code ProcessVmReader} issues them) and segments read. Not thread-safe.
 */
final class CountingReader implements MemoryReader {
    private static final int SEGMENTS_PER_CALL = 512;
    private final MemoryReader delegate;
    private long calls;
    private long segments;

    CountingReader(MemoryReader delegate) {
        this.delegate = delegate;
    }

    /** System calls so far (single reads, plus batches in calls of up to 512 segments). */
    long calls() {
        return calls;
    }

    /** Regions read so far (single reads and batch segments). */
    long segments() {
        return segments;
    }

    @Override
    public int pid() {
        return delegate.pid();
    }

    @Override
    public String backendName() {
        return delegate.backendName();
    }

    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        calls++;
        segments++;
        return delegate.read(address, dst, offset, length);
    }

    @Override
    public void read(ReadBatch batch) {
        calls += (batch.size() + SEGMENTS_PER_CALL - 1) / SEGMENTS_PER_CALL;
        segments += batch.size();
        delegate.read(batch);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
