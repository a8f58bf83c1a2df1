package io.pysample.agent.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the store holds for one process (service, pid, command line): its intervals and samples, and the time
 * ranges they cover, where intervals less than {@code gapNanos} apart are one range.
 *
 * @param ranges covered time ranges, oldest first, each {@code [startNanos, endNanos)} in Unix epoch nanoseconds
 */
public record ProcessCoverage(String service, int pid, String commandLine, long intervals, long samples,
        List<Range> ranges) {

    /** A covered time range, Unix epoch nanoseconds. */
    public record Range(long startNanos, long endNanos) {
    }

    /** Groups intervals (in any order of processes, each process's oldest first) by process, in first-seen order. */
    public static List<ProcessCoverage> of(List<StoredInterval> intervals, long gapNanos) {
        Map<List<Object>, Builder> byProcess = new LinkedHashMap<>();
        for (StoredInterval i : intervals) {
            byProcess.computeIfAbsent(List.of(i.service(), i.pid(), i.commandLine()), k -> new Builder(i))
                    .add(i, gapNanos);
        }
        List<ProcessCoverage> out = new ArrayList<>();
        byProcess.values().forEach(b -> out.add(b.build()));
        return out;
    }

    private static final class Builder {
        private final StoredInterval first;
        private final List<Range> ranges = new ArrayList<>();
        private long intervals;
        private long samples;
        private long start = Long.MIN_VALUE;
        private long end;

        Builder(StoredInterval first) {
            this.first = Objects.requireNonNull(first);
        }

        void add(StoredInterval i, long gapNanos) {
            intervals++;
            samples += i.samples();
            if (start != Long.MIN_VALUE && i.startNanos() - end < gapNanos) {
                end = Math.max(end, i.endNanos());
                return;
            }
            if (start != Long.MIN_VALUE) {
                ranges.add(new Range(start, end));
            }
            start = i.startNanos();
            end = i.endNanos();
        }

        ProcessCoverage build() {
            if (start != Long.MIN_VALUE) {
                ranges.add(new Range(start, end));
            }
            return new ProcessCoverage(first.service(), first.pid(), first.commandLine(), intervals, samples,
                    List.copyOf(ranges));
        }
    }
}
