package io.pysample.cli;

import io.pysample.agent.store.IntervalQuery;
import io.pysample.agent.store.ProcessCoverage;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoreException;
import io.pysample.agent.store.StoreLocation;
import io.pysample.agent.store.StoredInterval;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.export.OutputFormat;
import io.pysample.export.PprofMerger;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pysample report}: merges the stored interval profiles that match a time range and filters into one flame
 * graph, speedscope, collapsed or pprof file; {@code --list} shows what the store holds.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merge profiles from the agent's local store into one output, or list what it holds.",
            "  pysample report [--from TIME] [--to TIME] [--service NAME] [--pid PID] [--tag KEY=VALUE]... "
                + "-o FILE",
            "  pysample report --list [filters]",
            "TIME: now, relative (-15m, -2h, -1d, -1w), or ISO-8601 local time (2026-12-01T03:10) or with an "
                + "offset (2026-12-01T03:10Z). Whole intervals that overlap [--from, --to) are merged."},
        footer = ExitCodes.HELP)
final class ReportCommand implements Callable<Integer> {
    /** Intervals of one process closer than this are listed as one covered range. */
    static final long RANGE_GAP_NANOS = 1_000_000_000L;
    /** The {@code --store} option's help, shared with {@code agent}. */
    static final String STORE_HELP = "The profile store (default: $XDG_DATA_HOME/pysample/profiles.db, else "
            + "~/.local/share/pysample/profiles.db).";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    @Option(names = "--store", paramLabel = "PATH",
            description = STORE_HELP)
    Path store;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the range (default: the oldest data).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the range (default: the newest data).")
    String to;

    @Option(names = "--service", paramLabel = "NAME", description = "Only this service.")
    String service;

    @Option(names = "--pid", paramLabel = "PID", description = "Only this process.")
    Integer pid;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Only intervals with this label (repeatable).")
    Map<String, String> tags = new TreeMap<>();

    @Option(names = "--list", description = "List services, pids, commands and covered time ranges instead.")
    boolean list;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "flamegraph, speedscope, collapsed, pprof or heatmap (a directory; default: from the "
                    + "output's extension, else flamegraph).")
    OutputFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (required unless --list).")
    Path output;

    @Option(names = "--full-filenames", description = "Show full file paths in frame names.")
    boolean fullFilenames;

    @Option(names = "--diff-from", paramLabel = "TIME",
            description = "Write a differential flame graph: the main range compared with the range from this "
                    + "time (same filters).")
    String diffFrom;

    @Option(names = "--diff-to", paramLabel = "TIME", description = "End of the range to compare with.")
    String diffTo;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where relative times and local date-times (the system time zone) are taken from. */
    Clock clock = Clock.systemDefaultZone();

    @Override
    public Integer call() throws IOException {
        IntervalQuery query = query();
        if (!list && output == null) {
            throw new UserError(ExitCodes.USAGE, "give the output file with -o FILE (or --list)");
        }
        Path path = store != null ? store : StoreLocation.defaultPath();
        try (ProfileStore s = ProfileStore.openExisting(path)) {
            List<StoredInterval> matching = s.find(query);
            if (list) {
                printList(matching, path);
                return ExitCodes.OK;
            }
            if (matching.isEmpty()) {
                throw new UserError(ExitCodes.NO_DATA, "no stored profiles in " + path + " match " + describe());
            }
            if (diffFrom != null || diffTo != null) {
                return ReportDiff.write(this, s, query, matching);
            }
            return write(s, query, matching);
        }
    }

    private IntervalQuery query() {
        return query("--from", from, "--to", to);
    }

    /** The filters with the time range given by options {@code fromName}/{@code toName}. */
    IntervalQuery query(String fromName, String fromValue, String toName, String toValue) {
        long fromNanos = fromValue != null ? ReportTime.parse(fromName, fromValue, clock) : Long.MIN_VALUE;
        long toNanos = toValue != null ? ReportTime.parse(toName, toValue, clock) : Long.MAX_VALUE;
        if (fromNanos >= toNanos) {
            throw new UserError(ExitCodes.USAGE, fromName + " (" + fromValue + ") must be before " + toName + " ("
                    + toValue + ")");
        }
        return new IntervalQuery(fromNanos, toNanos, service, pid, tags);
    }

    private int write(ProfileStore s, IntervalQuery query, List<StoredInterval> matching) throws IOException {
        OutputFormat fmt = format != null ? format
                : output != null && OutputFormat.fromFileName(output.getFileName().toString()) != null
                        ? OutputFormat.fromFileName(output.getFileName().toString()) : OutputFormat.FLAMEGRAPH;
        OutputFile out = ProfileOutput.prepare(output, fmt);
        try {
            PrintWriter err = spec.commandLine().getErr();
            PprofMerger merger = merge(s, query, matching, fmt.needsTimeline());
            RecordingInfo info = merger.info(onePid(matching), commandLine(matching));
            try (OutputStream os = out.open()) {
                ProfileOutput.exporter(fmt, fullFilenames, out, TargetSources.local())
                        .write(merger.profile(), info, os);
            } catch (IOException e) {
                throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + out.path() + ": " + e.getMessage());
            }
            out.commit();
            err.printf(Locale.ROOT, "pysample: %,d intervals of %,d processes, %,d samples, %s .. %s -> %s%n",
                    merger.profiles(), processes(matching).size(), merger.samples(),
                    local(matching.get(0).startNanos()), local(matching.stream()
                            .mapToLong(StoredInterval::endNanos).max().orElse(0)), out.path());
            err.flush();
            return ExitCodes.OK;
        } finally {
            out.discard();
        }
    }

    /** Adds up the stored intervals of {@code query}, skipping (with a warning) those that are not pprof. */
    PprofMerger merge(ProfileStore s, IntervalQuery query, List<StoredInterval> matching, boolean timeline)
            throws IOException {
        PprofMerger merger = new PprofMerger(timeline);
        PrintWriter err = spec.commandLine().getErr();
        s.forEach(query, i -> {
            try {
                merger.add(i.pprof());
            } catch (IOException e) {
                err.println("pysample: skipping stored interval " + i.id() + " (pid " + i.pid() + " at "
                        + local(i.startNanos()) + "): not a readable pprof profile: " + e.getMessage());
            }
        });
        if (merger.profiles() == 0) {
            throw new StoreException("none of the " + matching.size() + " matching intervals in " + s.file()
                    + " could be read");
        }
        return merger;
    }

    private void printList(List<StoredInterval> matching, Path path) {
        PrintWriter o = spec.commandLine().getOut();
        if (matching.isEmpty()) {
            throw new UserError(ExitCodes.NO_DATA, "no stored profiles in " + path + " match " + describe());
        }
        o.printf(Locale.ROOT, "%-20s %8s %10s %12s  %s%n", "SERVICE", "PID", "INTERVALS", "SAMPLES", "COMMAND");
        for (ProcessCoverage p : ProcessCoverage.of(matching, RANGE_GAP_NANOS)) {
            o.printf(Locale.ROOT, "%-20s %8d %10d %12d  %s%n", p.service(), p.pid(), p.intervals(), p.samples(),
                    p.commandLine().replaceAll("\\p{Cntrl}", "\uFFFD"));
            for (ProcessCoverage.Range r : p.ranges()) {
                o.printf(Locale.ROOT, "%-20s %s .. %s%n", "", local(r.startNanos()), local(r.endNanos()));
            }
        }
        o.flush();
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("--from ").append(from != null ? from : "(oldest)").append(" --to ")
                .append(to != null ? to : "(newest)");
        if (service != null) {
            sb.append(" --service ").append(service);
        }
        if (pid != null) {
            sb.append(" --pid ").append(pid);
        }
        tags.forEach((k, v) -> sb.append(" --tag ").append(k).append('=').append(v));
        return sb.append(" (see pysample report --list)").toString();
    }

    String local(long epochNanos) {
        ZoneId zone = clock.getZone();
        return TIME.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L)).atZone(zone));
    }

    private static Set<List<Object>> processes(List<StoredInterval> matching) {
        Set<List<Object>> out = new LinkedHashSet<>();
        matching.forEach(i -> out.add(List.of(i.service(), i.pid(), i.commandLine())));
        return out;
    }

    private static int onePid(List<StoredInterval> matching) {
        int first = matching.get(0).pid();
        return matching.stream().allMatch(i -> i.pid() == first) ? first : 0;
    }

    private static String commandLine(List<StoredInterval> matching) {
        Set<List<Object>> processes = processes(matching);
        if (processes.size() == 1) {
            return matching.get(0).commandLine();
        }
        Set<String> services = new LinkedHashSet<>();
        matching.forEach(i -> services.add(i.service()));
        return processes.size() + " processes of " + String.join(", ", services);
    }
}
