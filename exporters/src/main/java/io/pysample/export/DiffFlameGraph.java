package io.pysample.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.FlameGraph;

/**
 * A differential flame graph of two profiles given as collapsed stacks ({@link ProfileFiles}): the shapes are the
 * NEW profile's, each frame coloured by how its own (self) samples changed against BASE, as async-profiler's
 * converter draws it ({@code FlameGraph.diff}, {@code tools.profiler:jfr-converter} 4.5): red grew, blue shrank,
 * the stronger the more, grey unchanged, yellow a stack BASE does not have.
 *
 * <p>Version 4.5 subtracts raw sample counts, so two recordings of different length or rate would be all red or all
 * blue; here BASE's counts are first scaled to NEW's total ({@code round(count × newTotal / baseTotal)}), so that
 * colours show changes in <em>share</em> of samples. The {@link #changes summary} works on shares directly.
 */
public final class DiffFlameGraph {
    private static final byte PYTHON = 0;  // one.convert.Frame.TYPE_INTERPRETED
    private static final byte PSEUDO = 3;  // one.convert.Frame.TYPE_NATIVE

    private final Map<String, Long> base;
    private final Map<String, Long> next;
    private final long baseTotal;
    private final long nextTotal;

    /** @param base, next collapsed stacks (root first, {@code ;}-separated) → samples */
    public DiffFlameGraph(Map<String, Long> base, Map<String, Long> next) {
        this.base = base;
        this.next = next;
        this.baseTotal = base.values().stream().mapToLong(Long::longValue).sum();
        this.nextTotal = next.values().stream().mapToLong(Long::longValue).sum();
    }

    public long baseTotal() {
        return baseTotal;
    }

    public long nextTotal() {
        return nextTotal;
    }

    /** Writes the HTML page; {@code title} is plain text (escaped here). */
    public void write(String title, OutputStream out) throws IOException {
        Arguments args = new Arguments();
        args.title = FlameGraphExporter.TITLE_OPEN + Names.html(Names.clean(title)) + "</span>";
        FlameGraph baseGraph = new FlameGraph(args);
        FlameGraph graph = new FlameGraph(args);
        double scale = baseTotal == 0 ? 0 : (double) nextTotal / baseTotal;
        int deepest = Math.max(add(baseGraph, base, scale), add(graph, next, 1));
        graph.diff(baseGraph);
        PrintStream ps = new PrintStream(new ScriptTextGuard(new BufferedOutputStream(out, 1 << 16)), false,
                StandardCharsets.UTF_8);
        DeepStackThread.run(deepest, () -> graph.dump(ps));
        ps.flush();
        if (ps.checkError()) {
            throw new IOException("writing the differential flame graph failed");
        }
    }

    private static int add(FlameGraph graph, Map<String, Long> stacks, double scale) {
        CallStack stack = new CallStack();
        int deepest = 0;
        for (Map.Entry<String, Long> e : stacks.entrySet()) {
            long count = scale == 1 ? e.getValue() : Math.round(e.getValue() * scale);
            if (count <= 0) {
                continue;
            }
            stack.clear();
            String[] frames = e.getKey().split(";", -1);
            for (String f : frames) {
                stack.push(f, f.startsWith("[") ? PSEUDO : PYTHON);
            }
            deepest = Math.max(deepest, frames.length);
            graph.addSample(stack, count);
        }
        return deepest;
    }

    /** One frame label's own (self) share in both profiles, in percent of each profile's samples. */
    public record Change(String frame, double basePercent, double nextPercent) {
        /** Percentage points: positive = grew. */
        public double points() {
            return nextPercent - basePercent;
        }
    }

    /**
     * Every innermost frame's own share in both profiles, largest growth first (ties by label): grown frames lead,
     * shrunk ones end the list.
     */
    public List<Change> changes() {
        Map<String, Long> baseOwn = own(base);
        Map<String, Long> nextOwn = own(next);
        Set<String> frames = new TreeSet<>(baseOwn.keySet());
        frames.addAll(nextOwn.keySet());
        List<Change> out = new ArrayList<>();
        for (String f : frames) {
            out.add(new Change(f, percent(baseOwn.getOrDefault(f, 0L), baseTotal),
                    percent(nextOwn.getOrDefault(f, 0L), nextTotal)));
        }
        out.sort(Comparator.comparingDouble(Change::points).reversed().thenComparing(Change::frame));
        return out;
    }

    private static double percent(long n, long total) {
        return total == 0 ? 0 : 100.0 * n / total;
    }

    private static Map<String, Long> own(Map<String, Long> stacks) {
        Map<String, Long> own = new HashMap<>();
        stacks.forEach((stack, count) -> own.merge(stack.substring(stack.lastIndexOf(';') + 1), count, Long::sum));
        return own;
    }

    /**
     * The summary for a terminal: totals, then up to {@code top} frames that grew and {@code top} that shrank (by at
     * least 0.05 points), e.g. {@code  +12.5 pp  alpha (app.py:10)  20.0% -> 32.5%}.
     */
    public String summary(int top) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "base: %,d samples, new: %,d samples\n", baseTotal, nextTotal));
        List<Change> all = changes();
        appendSection(sb, "grew (own time, percentage points):", all.stream().filter(c -> c.points() >= 0.05)
                .limit(top).toList());
        List<Change> shrank = new ArrayList<>(all.stream().filter(c -> c.points() <= -0.05).toList());
        shrank.sort(Comparator.comparingDouble(Change::points).thenComparing(Change::frame));
        appendSection(sb, "shrank (own time, percentage points):", shrank.stream().limit(top).toList());
        return sb.toString();
    }

    private static void appendSection(StringBuilder sb, String heading, List<Change> changes) {
        sb.append(heading).append("\n");
        if (changes.isEmpty()) {
            sb.append("  (none)").append("\n");
        }
        for (Change c : changes) {
            sb.append(String.format(Locale.ROOT, "  %+6.1f pp  %s  %.1f%% -> %.1f%%\n", c.points(),
                    Names.clean(c.frame()), c.basePercent(), c.nextPercent()));
        }
    }
}
