package io.pysample.testsupport;

import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;

/** Passes reads to a real reader and counts them: single reads and batches (each one system call or so). */
public final class CountingReader implements MemoryReader {
    private final MemoryReader memory;
    private long singleReads;
    private long batches;

    public CountingReader(MemoryReader memory) {
        this.memory = memory;
    }

    public long singleReads() {
        return singleReads;
    }

    /** Single reads plus batch reads. */
    public long reads() {
        return singleReads + batches;
    }

    @Override
    public int pid() {
        return memory.pid();
    }

    @Override
    public String backendName() {
        return memory.backendName();
    }

    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        singleReads++;
        return memory.read(address, dst, offset, length);
    }

    @Override
    public void read(ReadBatch batch) {
        batches++;
        memory.read(batch);
    }

    /** Does not close the wrapped reader. */
    @Override
    public void close() {
    }
}
