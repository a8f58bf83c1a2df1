package io.pysample.cli;

import io.pysample.export.FrameLabels;
import io.pysample.export.Names;
import io.pysample.core.walk.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code pysample top} shows, as plain lines (no escape sequences) cut to the terminal's width: a header (pid,
 * command, Python version, processes of a tree, sample rate, active threads, dropped stacks, GIL holder share, state
 * of the view), the column titles with the sort column marked, and as many rows as fit. %Own and %Total are shares
 * of the window's thread stack samples; OwnTime and TotalTime are seconds since the start (or the last reset):
 * samples × the mean sampling interval. For a process tree a Pid column says which process a function ran in (or
 * in how many).
 */
final class TopScreen {
    static final String[] COLUMNS = {"%Own", "%Total", "OwnTime", "TotalTime"};
    private static final FrameLabels LABELS = new FrameLabels(false);

    /**
     * The header's facts.
     *
     * @param processes processes sampled now, for a process tree ({@code --subprocesses}); 0 for one process
     * @param gil the GIL part, e.g. {@code GIL: 97% (spinner tid=123)} ({@link TopGil})
     */
    record Status(int pid, String command, String pythonVersion, double samplesPerSecond, int activeThreads,
            long droppedStacks, long stacksRead, double secondsPerSample, int windowSeconds, int processes,
            String gil) {
    }

    /**
     * The view's state the keys change.
     *
     * @param thread the thread shown ({@code null}: all)
     * @param threadPid its process, for a process tree; else -1
     */
    record View(TopTable.SortBy sort, boolean paused, String thread, int threadPid, boolean lineNumbers) {
    }

    private TopScreen() {
    }

    static List<String> render(TopTable table, Status s, View v, int width, int height) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "pysample top: pid %d  Python %s  %s", s.pid(), s.pythonVersion(),
                Names.clean(s.command())));
        boolean tree = s.processes() > 0;
        out.add(String.format(Locale.ROOT, "%sSamples/s: %.0f  Threads active: %d  Dropped stacks: %d (%.2f%%)  %s",
                tree ? "Processes: " + s.processes() + "  " : "", s.samplesPerSecond(), s.activeThreads(),
                s.droppedStacks(), s.stacksRead() == 0 ? 0.0 : 100.0 * s.droppedStacks() / s.stacksRead(), s.gil()));
        String thread = v.thread() == null ? "all" : Names.clean(v.thread())
                + (v.threadPid() >= 0 ? " (pid " + v.threadPid() + ")" : "");
        out.add("Thread: " + thread + "  Lines: " + (v.lineNumbers() ? "on" : "off") + "  Window: "
                + s.windowSeconds() + " s" + (v.paused() ? "  [PAUSED]" : "")
                + "  Keys: 1-4/arrows sort, space pause, r reset, t thread, l lines, q quit");
        out.add("");
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < COLUMNS.length; i++) {
            String title = (v.sort().ordinal() == i ? ">" : "") + COLUMNS[i];
            head.append(String.format(Locale.ROOT, "%10s", title));
        }
        out.add(head.append(tree ? String.format(Locale.ROOT, "%9s", "Pid") : "").append("  Function (file:line)")
                .toString());
        long samples = table.windowSamples(v.thread());
        for (TopTable.Row r : table.rows(v.thread(), v.lineNumbers(), v.sort())) {
            if (out.size() >= height) {
                break;
            }
            TopTable.Key k = r.key();
            String pid = !tree ? "" : String.format(Locale.ROOT, "%9s",
                    r.processes() == 1 ? Integer.toString(r.pid()) : r.processes() + " pids");
            out.add(String.format(Locale.ROOT, "%9.1f%%%9.1f%%%9.2fs%9.2fs%s  %s", percent(r.own(), samples),
                    percent(r.total(), samples), r.ownSince() * s.secondsPerSample(),
                    r.totalSince() * s.secondsPerSample(), pid, LABELS.label(new Frame(k.function(), k.file(),
                            v.lineNumbers() ? k.line() : 0, 0))));
        }
        List<String> cut = new ArrayList<>(out.size());
        for (String line : out) {
            cut.add(line.length() > width ? line.substring(0, Math.max(0, width)) : line);
        }
        return cut;
    }

    private static double percent(long n, long total) {
        return total == 0 ? 0 : 100.0 * n / total;
    }
}
