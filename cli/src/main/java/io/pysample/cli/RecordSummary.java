package io.pysample.cli;

import io.pysample.core.sampling.SamplingResult;
import io.pysample.core.walk.DropReason;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The lines {@code record} prints on stderr when it has written its output. */
final class RecordSummary {
    private RecordSummary() {
    }

    /**
     * {@code N samples in T s (R Hz), S stacks, I stacks incomplete (Q%), D dropped (P%) -> FILE}: samples are passes
     * over the process, stacks the thread stacks recorded; incomplete stacks (only the root part of a stack that
     * changed during the read, ending in {@code <partial>}) and dropped ones (torn reads and the like) are counted as
     * a share of the stacks read plus dropped. Internal faults (bugs) are named apart. Then, when fewer than 90% of the asked
     * {@code rateHz} (0: full speed) samples per second were taken over at least a second, a line saying so and why:
     * samples that take longer than the interval (many threads or deep stacks), or a busy machine.
     */
    static void print(PrintStream err, SamplingResult r, Path file, boolean stats, double rateHz) {
        long faults = r.internalFaults();
        long dropped = r.totalDrops() - faults;
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "pysample: %s in %.1f s (%s Hz), %s", count(r.walks(), "sample"),
                r.elapsedNanos() / 1e9, hertz(r.achievedRate()), count(r.threadStacks(), "stack")));
        if (r.incompleteStacks() > 0) {
            line.append(String.format(Locale.ROOT, ", %s incomplete (%.2f%%)", count(r.incompleteStacks(), "stack"),
                    100 * r.incompleteShare()));
        }
        if (dropped > 0) {
            line.append(String.format(Locale.ROOT, ", %s (%.2f%%)", r.incompleteStacks() > 0 ? String.format(
                    Locale.ROOT, "%,d dropped", dropped) : count(dropped, "stack") + " dropped", 100 * r.dropShare()));
        }
        if (faults > 0) {
            line.append(String.format(Locale.ROOT, ", %s failed (internal error: --stats)", count(faults, "sample")));
        }
        err.println(line.append(" -> ").append(file));
        String shortfall = shortfall(r, rateHz);
        if (shortfall != null) {
            err.println(shortfall);
        }
        if (r.threadStacks() == 0) {
            err.println("pysample: no stack was recorded: the threads were idle or not yet running Python "
                    + "(--idle records idle threads too)");
        }
        if (stats) {
            if (r.latencyMicros() != null && r.latencyMicros().getTotalCount() > 0) {
                err.printf(Locale.ROOT, "pysample: sample latency p50 %d us, p99 %d us, max %d us%n",
                        r.latencyMicros().getValueAtPercentile(50), r.latencyMicros().getValueAtPercentile(99),
                        r.latencyMicros().getMaxValue());
            }
            for (Map.Entry<DropReason, Long> e : r.drops().entrySet()) {
                err.printf(Locale.ROOT, "pysample:   %,d x %s%n", e.getValue(), e.getKey().description());
            }
        }
    }

    /** The line saying the asked rate was not reached and why, or null if it was (or none was asked). */
    static String shortfall(SamplingResult r, double rateHz) {
        double achieved = r.achievedRate();
        if (rateHz <= 0 || r.walks() == 0 || r.elapsedNanos() < 1_000_000_000L || achieved >= 0.9 * rateHz) {
            return null;
        }
        double meanMs = r.meanSampleNanos() / 1e6;
        double intervalMs = 1000 / rateHz;
        String head = String.format(Locale.ROOT, "pysample: the asked %s Hz could not be reached (%s Hz): ",
                hertz(rateHz), hertz(achieved));
        long perSample = r.stacksRead() / r.walks();
        if (meanMs >= 0.8 * intervalMs) {
            return head + String.format(Locale.ROOT, "a sample took %.1f ms on average (%,d thread stack%s each), "
                    + "longer than the %.1f ms between samples; fewer threads or shallower stacks sample faster",
                    meanMs, perSample, perSample == 1 ? "" : "s", intervalMs);
        }
        return head + String.format(Locale.ROOT, "a sample took only %.1f ms on average, the rest of the %.1f ms "
                + "interval pysample waited for a CPU (the machine is busy)", meanMs, intervalMs);
    }

    /** A rate for people: whole hertz from 10 Hz up, two decimals below. */
    static String hertz(double hz) {
        return hz >= 10 || hz == 0 ? String.format(Locale.ROOT, "%,.0f", hz) : String.format(Locale.ROOT, "%.2f", hz);
    }

    /** {@code "1 stack"}, {@code "2,048 stacks"}. */
    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
