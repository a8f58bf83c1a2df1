package io.pysample.memory;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Passes reads through to another reader and remembers every byte that was read, so that a walk of a live process
 * can be replayed later from a {@link MemorySnapshot}. Overlapping reads are merged into disjoint regions; where
 * they overlap, the later bytes win. For tests and tooling, not the hot path.
 */
public final class RecordingReader implements MemoryReader {
    private final MemoryReader delegate;
    private final NavigableMap<Long, byte[]> regions = new TreeMap<>();

    public RecordingReader(MemoryReader delegate) {
        this.delegate = delegate;
    }

    @Override
    public int pid() {
        return delegate.pid();
    }

    @Override
    public String backendName() {
        return "recording(" + delegate.backendName() + ")";
    }

    @Override
    public int read(long address, byte[] dst, int offset, int length) {
        int n = delegate.read(address, dst, offset, length);
        remember(address, dst, offset, n);
        return n;
    }

    @Override
    public void read(ReadBatch batch) {
        delegate.read(batch);
        for (int i = 0; i < batch.size(); i++) {
            byte[] bytes = new byte[batch.validLength(i)];
            batch.copyOut(batch.offset(i), bytes, 0, bytes.length);
            remember(batch.address(i), bytes, 0, bytes.length);
        }
    }

    private synchronized void remember(long address, byte[] src, int offset, int n) {
        if (n <= 0) {
            return;
        }
        long start = address;
        long end = address + n;
        // Absorb every region that overlaps or touches [start, end).
        Map.Entry<Long, byte[]> before = regions.floorEntry(start);
        if (before != null && before.getKey() + before.getValue().length >= start) {
            start = before.getKey();
        }
        NavigableMap<Long, byte[]> touching = regions.subMap(start, true, end, true);
        for (Map.Entry<Long, byte[]> e : touching.entrySet()) {
            end = Math.max(end, e.getKey() + e.getValue().length);
        }
        byte[] merged = new byte[(int) (end - start)];
        for (Map.Entry<Long, byte[]> e : touching.entrySet()) {
            System.arraycopy(e.getValue(), 0, merged, (int) (e.getKey() - start), e.getValue().length);
        }
        System.arraycopy(src, offset, merged, (int) (address - start), n);
        touching.clear();
        regions.put(start, merged);
    }

    /** A {@link MemorySnapshot} of everything read so far, with the given metadata. */
    public synchronized MemorySnapshot toMemorySnapshot(Map<String, String> metadata) {
        NavigableMap<Long, byte[]> copy = new TreeMap<>();
        regions.forEach((a, b) -> copy.put(a, b.clone()));
        return new MemorySnapshot(pid(), metadata, copy);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
