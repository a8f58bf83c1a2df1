package io.pysample.shipping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Spool} in memory: for tests and for an agent run without a store. Ids are assigned on {@link #add}.
 */
public final class MemorySpool implements Spool {
    private static final Comparator<SpooledInterval> OLDEST_FIRST =
            Comparator.comparingLong(SpooledInterval::startEpochNanos).thenComparingLong(SpooledInterval::id);

    private final List<SpooledInterval> intervals = new ArrayList<>();
    private final Map<String, Set<Long>> settled = new HashMap<>();
    private final Map<String, Map<Long, String>> rejected = new HashMap<>();
    private long nextId = 1;

    /** Adds {@code interval} under a new id (its own id is ignored) and returns the stored copy. */
    public synchronized SpooledInterval add(SpooledInterval i) {
        SpooledInterval stored = new SpooledInterval(nextId++, i.service(), i.pid(), i.commandLine(),
                i.pythonVersion(), i.hostName(), i.labels(), i.startEpochNanos(), i.endEpochNanos(), i.sampleType(),
                i.rateHz(), i.pprofGzip());
        intervals.add(stored);
        return stored;
    }

    @Override
    public synchronized List<SpooledInterval> unsent(String backend, int limit) {
        Set<Long> done = settled.getOrDefault(backend, Set.of());
        return intervals.stream().filter(i -> !done.contains(i.id())).sorted(OLDEST_FIRST).limit(limit).toList();
    }

    @Override
    public synchronized long countUnsent(String backend) {
        Set<Long> done = settled.getOrDefault(backend, Set.of());
        return intervals.stream().filter(i -> !done.contains(i.id())).count();
    }

    @Override
    public synchronized void markSent(String backend, long id) {
        settled.computeIfAbsent(backend, k -> new HashSet<>()).add(id);
    }

    @Override
    public synchronized void markRejected(String backend, long id, String reason) {
        settled.computeIfAbsent(backend, k -> new HashSet<>()).add(id);
        rejected.computeIfAbsent(backend, k -> new HashMap<>()).put(id, reason);
    }

    /** The ids {@code backend} rejected, with their reasons. */
    public synchronized Map<Long, String> rejected(String backend) {
        return Map.copyOf(rejected.getOrDefault(backend, Map.of()));
    }
}
