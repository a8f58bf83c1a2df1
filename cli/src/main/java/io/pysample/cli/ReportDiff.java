package io.pysample.cli;

import io.pysample.agent.store.IntervalQuery;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoredInterval;
import io.pysample.export.DiffFlameGraph;
import io.pysample.export.OutputFormat;
import io.pysample.export.ProfileFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code report --diff-from T [--diff-to T]}: the main range ({@code --from}/{@code --to}) drawn as a differential
 * flame graph against the {@code --diff-*} range, with the same filters; the summary of grown and shrunk frames
 * goes to stderr as in {@code pysample diff}.
 */
final class ReportDiff {
    private ReportDiff() {
    }

    static int write(ReportCommand report, ProfileStore store, IntervalQuery query, List<StoredInterval> matching)
            throws IOException {
        if (report.format != null && report.format != OutputFormat.FLAMEGRAPH) {
            throw new UserError(ExitCodes.USAGE, "--diff-from/--diff-to write a differential flame graph (.html), "
                    + "not " + report.format.name().toLowerCase(java.util.Locale.ROOT));
        }
        IntervalQuery baseQuery = report.query("--diff-from", report.diffFrom, "--diff-to", report.diffTo);
        List<StoredInterval> baseMatching = store.find(baseQuery);
        if (baseMatching.isEmpty()) {
            throw new UserError(ExitCodes.NO_DATA, "no stored profiles in " + store.file() + " match --diff-from "
                    + (report.diffFrom != null ? report.diffFrom : "(oldest)") + " --diff-to "
                    + (report.diffTo != null ? report.diffTo : "(newest)") + " with the other filters");
        }
        DiffFlameGraph diff = new DiffFlameGraph(
                ProfileFiles.collapsedStacks(report.merge(store, baseQuery, baseMatching, false).profile()),
                ProfileFiles.collapsedStacks(report.merge(store, query, matching, false).profile()));
        OutputFile out = OutputFile.prepare(report.output);
        try {
            try (OutputStream os = out.open()) {
                diff.write("pysample report: " + range(report, baseMatching) + " (" + diff.baseTotal()
                        + " samples) -> " + range(report, matching) + " (" + diff.nextTotal() + " samples)", os);
            } catch (IOException e) {
                throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + out.path() + ": " + e.getMessage());
            }
            out.commit();
            PrintWriter err = report.spec.commandLine().getErr();
            err.print(diff.summary(10));
            err.println("pysample: -> " + out.path());
            err.flush();
            return ExitCodes.OK;
        } finally {
            out.discard();
        }
    }

    private static String range(ReportCommand report, List<StoredInterval> intervals) {
        return report.local(intervals.get(0).startNanos()) + " .. " + report.local(intervals.stream()
                .mapToLong(StoredInterval::endNanos).max().orElse(0));
    }
}
