package io.pysample.cli;

import io.pysample.core.sampling.Profile;
import io.pysample.core.walk.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers behind {@code pysample top}: per function (or per function and line) and per thread, the samples in
 * which it was the innermost frame (<em>own</em>) or anywhere on the stack (<em>total</em>, once per sample), for
 * the last {@code window} intervals and since the start (or the last {@link #reset}). Fed with interval profiles
 * recorded with thread roots ({@code [name tid=N]} as the outermost frame); for a process tree
 * ({@code --subprocesses}) with a process root ({@code [pid N: command]}, {@link ProfileMerger}) above each thread
 * root: functions are then summed over the processes, and each row tells which processes it was seen in.
 */
final class TopTable {
    /** A row's identity: function and file, and the line ({@code 0} when aggregating by function). */
    record Key(String function, String file, int line) {
    }

    /**
     * One row: window counts and cumulative counts; for a process tree the pid it was seen in ({@code pid}, when
     * {@code processes} is 1) or in how many processes ({@code processes}; 0 without process roots).
     */
    record Row(Key key, long own, long total, long ownSince, long totalSince, int pid, int processes) {
    }

    /** What the columns sort by (keys 1-4). */
    enum SortBy { OWN_PERCENT, TOTAL_PERCENT, OWN_TIME, TOTAL_TIME }

    /** Counts of one interval (or the cumulative ones): thread → key → {own, total}, for both groupings. */
    private static final class Counts {
        final Map<String, Map<Key, long[]>> byLine = new HashMap<>();
        final Map<String, Map<Key, long[]>> byFunction = new HashMap<>();
        final Map<String, long[]> samples = new HashMap<>();

        void addAll(Counts other) {
            merge(byLine, other.byLine);
            merge(byFunction, other.byFunction);
            other.samples.forEach((t, n) -> samples.computeIfAbsent(t, k -> new long[1])[0] += n[0]);
        }

        private static void merge(Map<String, Map<Key, long[]>> into, Map<String, Map<Key, long[]>> from) {
            from.forEach((thread, keys) -> {
                Map<Key, long[]> m = into.computeIfAbsent(thread, k -> new HashMap<>());
                keys.forEach((key, c) -> {
                    long[] x = m.computeIfAbsent(key, k -> new long[2]);
                    x[0] += c[0];
                    x[1] += c[1];
                });
            });
        }
    }

    private static final Pattern PROCESS_ROOT = Pattern.compile("\\[pid (\\d+): .*", Pattern.DOTALL);

    private final int window;
    private final boolean processRoots;
    private final Deque<Counts> recent = new ArrayDeque<>();
    /** The pid of each thread root seen (process trees only). */
    private final Map<String, Integer> threadPids = new HashMap<>();
    private Counts since = new Counts();

    /** @param window intervals in the sliding window (at least 1) */
    TopTable(int window) {
        this(window, false);
    }

    /**
     * @param window intervals in the sliding window (at least 1)
     * @param processRoots whether stacks start with a process root above the thread root
     */
    TopTable(int window, boolean processRoots) {
        this.window = Math.max(1, window);
        this.processRoots = processRoots;
    }

    /** Adds one interval's profile (frames root first, the outermost a thread root). */
    void add(Profile profile) {
        Counts c = new Counts();
        Set<Key> seenLine = new HashSet<>();
        Set<Key> seenFunction = new HashSet<>();
        profile.forEachStack((stack, depth, count) -> {
            int from = 0;
            int pid = -1;
            if (processRoots && depth > 0) {
                Matcher m = PROCESS_ROOT.matcher(profile.frames().get(stack[0]).function());
                if (m.matches()) {
                    pid = Integer.parseInt(m.group(1));
                    from = 1;
                }
            }
            String thread = "all";
            if (depth > from && profile.frames().get(stack[from]).file().isEmpty()
                    && profile.frames().get(stack[from]).function().startsWith("[")) {
                thread = profile.frames().get(stack[from]).function();
                from++;
            }
            if (pid >= 0) {
                threadPids.put(thread, pid);
            }
            c.samples.computeIfAbsent(thread, k -> new long[1])[0] += count;
            seenLine.clear();
            seenFunction.clear();
            Map<Key, long[]> lines = c.byLine.computeIfAbsent(thread, k -> new HashMap<>());
            Map<Key, long[]> functions = c.byFunction.computeIfAbsent(thread, k -> new HashMap<>());
            for (int i = depth - 1; i >= from; i--) {
                Frame f = profile.frames().get(stack[i]);
                Key line = new Key(f.function(), f.file(), f.line());
                Key function = new Key(f.function(), f.file(), 0);
                boolean leaf = i == depth - 1;
                count(lines, line, leaf, seenLine.add(line), count);
                count(functions, function, leaf, seenFunction.add(function), count);
            }
        });
        recent.addLast(c);
        while (recent.size() > window) {
            recent.removeFirst();
        }
        since.addAll(c);
    }

    private static void count(Map<Key, long[]> m, Key key, boolean leaf, boolean first, long n) {
        long[] x = m.computeIfAbsent(key, k -> new long[2]);
        if (leaf) {
            x[0] += n;
        }
        if (first) {
            x[1] += n;
        }
    }

    /** Forgets everything counted so far. */
    void reset() {
        recent.clear();
        since = new Counts();
    }

    /** Threads seen since the start or reset, sorted. */
    List<String> threads() {
        return new ArrayList<>(new TreeSet<>(since.samples.keySet()));
    }

    /** Thread stack samples in the window, of {@code thread} or all threads if {@code null}. */
    long windowSamples(String thread) {
        long n = 0;
        for (Counts c : recent) {
            n += samplesOf(c, thread);
        }
        return n;
    }

    /** Threads with samples in the newest interval. */
    int activeThreads() {
        return recent.isEmpty() ? 0 : recent.getLast().samples.size();
    }

    private static long samplesOf(Counts c, String thread) {
        long n = 0;
        for (Map.Entry<String, long[]> e : c.samples.entrySet()) {
            if (thread == null || thread.equals(e.getKey())) {
                n += e.getValue()[0];
            }
        }
        return n;
    }

    /** The pid of a thread (a key of {@link #threads()}), or -1 when the stacks have no process roots. */
    int pidOf(String thread) {
        return threadPids.getOrDefault(thread, -1);
    }

    /** The rows, sorted, for one thread ({@code null}: all) and grouping. */
    List<Row> rows(String thread, boolean lineNumbers, SortBy sort) {
        Map<Key, long[]> windowCounts = sum(recent, thread, lineNumbers, null);
        Map<Key, Set<Integer>> pids = processRoots ? new HashMap<>() : null;
        Map<Key, long[]> sinceCounts = sum(List.of(since), thread, lineNumbers, pids);
        List<Row> rows = new ArrayList<>();
        sinceCounts.forEach((key, s) -> {
            long[] w = windowCounts.getOrDefault(key, new long[2]);
            Set<Integer> in = pids == null ? Set.of() : pids.getOrDefault(key, Set.of());
            rows.add(new Row(key, w[0], w[1], s[0], s[1], in.size() == 1 ? in.iterator().next() : -1, in.size()));
        });
        Comparator<Row> order = switch (sort) {
            case OWN_PERCENT -> Comparator.comparingLong(Row::own).thenComparingLong(Row::ownSince);
            case TOTAL_PERCENT -> Comparator.comparingLong(Row::total).thenComparingLong(Row::totalSince);
            case OWN_TIME -> Comparator.comparingLong(Row::ownSince);
            case TOTAL_TIME -> Comparator.comparingLong(Row::totalSince);
        };
        rows.sort(order.reversed().thenComparing(r -> r.key().function()).thenComparing(r -> r.key().file())
                .thenComparingInt(r -> r.key().line()));
        return rows;
    }

    /** Sums over threads (all, or {@code thread}); collects each key's pids into {@code pids} unless null. */
    private Map<Key, long[]> sum(Iterable<Counts> counts, String thread, boolean lineNumbers,
            Map<Key, Set<Integer>> pids) {
        Map<Key, long[]> out = new HashMap<>();
        for (Counts c : counts) {
            (lineNumbers ? c.byLine : c.byFunction).forEach((t, keys) -> {
                if (thread == null || thread.equals(t)) {
                    Integer pid = threadPids.get(t);
                    keys.forEach((key, x) -> {
                        long[] o = out.computeIfAbsent(key, k -> new long[2]);
                        o[0] += x[0];
                        o[1] += x[1];
                        if (pids != null && pid != null) {
                            pids.computeIfAbsent(key, k -> new HashSet<>()).add(pid);
                        }
                    });
                }
            });
        }
        return out;
    }
}
