package io.pysample.export;

import io.pysample.core.sampling.Profile;
import io.pysample.core.walk.Frame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Samples per source line, from a {@link Profile}'s stacks: a line's <em>own</em> count is the samples whose
 * innermost frame is on it, its <em>total</em> count the samples with any frame on it (a line that recursion puts on
 * a stack twice counts once per sample). A file's count is the samples with any frame in it. Pseudo frames (no file)
 * are left out; line 0 (unknown) is kept as its own entry.
 */
public final class LineCounts {
    /** One file's lines: line number → {own, total}, ascending. */
    public record FileCounts(String file, long samples, TreeMap<Integer, long[]> lines) {
        /** Up to {@code n} line numbers with the most own samples (then total), most first; only lines with any. */
        public List<Integer> hottest(int n) {
            List<Integer> l = new ArrayList<>(lines.keySet());
            l.removeIf(line -> lines.get(line)[0] == 0);
            l.sort(Comparator.<Integer>comparingLong(line -> -lines.get(line)[0])
                    .thenComparingLong(line -> -lines.get(line)[1]).thenComparing(line -> line));
            return l.subList(0, Math.min(n, l.size()));
        }
    }

    private final long total;
    private final List<FileCounts> files;

    private LineCounts(long total, List<FileCounts> files) {
        this.total = total;
        this.files = files;
    }

    /** Counts {@code profile}'s stacks (it must not take samples meanwhile). */
    public static LineCounts of(Profile profile) {
        Map<String, TreeMap<Integer, long[]>> byFile = new LinkedHashMap<>();
        Map<String, long[]> fileSamples = new LinkedHashMap<>();
        Set<Long> seenLines = new HashSet<>();
        Set<String> seenFiles = new HashSet<>();
        Map<String, Integer> fileIds = new LinkedHashMap<>();
        long[] total = new long[1];
        profile.forEachStack((stack, depth, count) -> {
            total[0] += count;
            seenLines.clear();
            seenFiles.clear();
            for (int i = depth - 1; i >= 0; i--) {
                Frame f = profile.frames().get(stack[i]);
                if (f.file().isEmpty()) {
                    continue;
                }
                int id = fileIds.computeIfAbsent(f.file(), k -> fileIds.size());
                long[] c = byFile.computeIfAbsent(f.file(), k -> new TreeMap<>())
                        .computeIfAbsent(f.line(), k -> new long[2]);
                if (i == depth - 1) {
                    c[0] += count;
                }
                if (seenLines.add(((long) id << 32) | (f.line() & 0xFFFF_FFFFL))) {
                    c[1] += count;
                }
                if (seenFiles.add(f.file())) {
                    fileSamples.computeIfAbsent(f.file(), k -> new long[1])[0] += count;
                }
            }
        });
        List<FileCounts> files = new ArrayList<>();
        byFile.forEach((file, lines) -> files.add(new FileCounts(file, fileSamples.get(file)[0], lines)));
        files.sort(Comparator.comparingLong((FileCounts f) -> -f.samples()).thenComparing(FileCounts::file));
        return new LineCounts(total[0], files);
    }

    /** Samples in the profile. */
    public long total() {
        return total;
    }

    /** Files with any sample, most samples first (then by path). */
    public List<FileCounts> files() {
        return files;
    }
}
