package io.pysample.core.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which thread held the GIL in each sample, counted for a live view ({@code pysample top}'s header) and handed over
 * per interval with {@link #cut()}. Fed by {@link Sampler#setGilTally} (one tally may serve the samplers of several
 * processes: holders are keyed by pid and host tid). Only samples of processes whose GIL holder a walk can tell
 * ({@link io.pysample.core.offsets.DebugOffsets#knowsGilHolder()}) and whose walk succeeded count. With several
 * interpreters that each have their own GIL, a sample counts as held if any is, under the first holder walked. The
 * counting allocates only for a holder not yet seen since the last cut. Not thread-safe: the sampling thread's.
 */
public final class GilTally {
    /** One thread's share: samples in which it held the GIL. */
    public record Holder(int pid, long tid, String name, long samples) {
    }

    /**
     * One interval's counts.
     *
     * @param samples samples whose GIL holder could be told
     * @param held of those, samples in which a thread held the GIL
     * @param holders the threads that held it, most samples first
     */
    public record Share(long samples, long held, List<Holder> holders) {
        /** An interval in which nothing could be told. */
        public static final Share NONE = new Share(0, 0, List.of());
    }

    private long samples;
    private long held;
    private int size;
    private long[] keys = new long[8];
    private long[] counts = new long[8];
    private String[] names = new String[8];

    /** Counts a sample of {@code pid} without a GIL holder. */
    void free() {
        samples++;
    }

    /** The slot of holder (pid, tid) in this interval, or -1: then {@link #add}. */
    int slot(int pid, long tid) {
        long key = key(pid, tid);
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** Registers holder (pid, tid) named {@code name}; returns its slot. */
    int add(int pid, long tid, String name) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
            names = Arrays.copyOf(names, size * 2);
        }
        keys[size] = key(pid, tid);
        counts[size] = 0;
        names[size] = name;
        return size++;
    }

    /** Counts a sample in which the holder in {@code slot} held the GIL. */
    void held(int slot) {
        samples++;
        held++;
        counts[slot]++;
    }

    /** Hands over the counts since the last cut and starts afresh. */
    public Share cut() {
        List<Holder> holders = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            holders.add(new Holder((int) (keys[i] >>> 32), keys[i] & 0xffffffffL, names[i], counts[i]));
        }
        holders.sort((a, b) -> Long.compare(b.samples(), a.samples()));
        Share share = samples == 0 ? Share.NONE : new Share(samples, held, List.copyOf(holders));
        samples = 0;
        held = 0;
        size = 0;
        Arrays.fill(names, null);
        return share;
    }

    private static long key(int pid, long tid) {
        return ((long) pid << 32) | (tid & 0xffffffffL);
    }
}
