package io.pysample.cli;

import io.pysample.core.sampling.GilTally;
import io.pysample.core.session.ProfileInterval;
import io.pysample.core.session.Recording;
import io.pysample.core.subprocess.ProcessTreeRecording;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code pysample top}'s state between refreshes: the {@link TopTable}, the running totals of the header (with the
 * {@link TopGil} share), and what the keys chose (sort column, pause, thread, line numbers).
 */
final class TopView {
    private final Recording recording;
    /** The recording as a process tree ({@code --subprocesses}), or null. */
    private final ProcessTreeRecording tree;
    private final GilTally gilTally;
    private final TopGil gil;
    private final TopTable table;
    private final int windowSeconds;
    private TopTable.SortBy sort = TopTable.SortBy.OWN_PERCENT;
    private boolean paused;
    private boolean lineNumbers;
    private String thread;
    private double samplesPerSecond;
    private long walks;
    private long elapsedNanos;
    private long drops;
    private long stacksRead;
    /** A tree's processes sampled at the last refresh before it ended (0 for one process). */
    private int processes;

    /**
     * @param recording one session, or a {@link ProcessTreeRecording}
     * @param gilTally the tally the recording's samplers count the GIL holders into
     */
    TopView(Recording recording, GilTally gilTally, int windowSeconds, boolean lineNumbers) {
        this.recording = recording;
        this.tree = recording instanceof ProcessTreeRecording t ? t : null;
        this.gilTally = gilTally;
        this.windowSeconds = windowSeconds;
        int refreshes = (int) Math.max(1, windowSeconds * 1000 / TopCommand.REFRESH_MILLIS);
        this.table = new TopTable(refreshes, tree != null);
        this.gil = new TopGil(refreshes);
        this.lineNumbers = lineNumbers;
        this.processes = tree == null ? 0 : 1;
    }

    /** Takes one refresh's interval (ignored, except for the header's rate, while paused). */
    void add(ProfileInterval interval) {
        samplesPerSecond = interval.stats().achievedRate();
        if (tree != null && tree.stopReason() == null) {
            processes = tree.liveProcessCount();
        }
        GilTally.Share share = gilTally.cut();
        if (paused) {
            return;
        }
        table.add(interval.profile());
        gil.add(share);
        walks += interval.stats().walks();
        // A tree's walks are spread over its processes, each sampled at the rate: time per sample is per process.
        elapsedNanos += interval.info().durationNanos() * Math.max(1, processes);
        drops += interval.stats().totalDrops();
        stacksRead += interval.stats().stacksRead();
    }

    /**
     * Applies a key: 1-4 sort column, left/right previous/next column, space pause, r reset, t next thread, l line
     * numbers.
     *
     * @return whether the screen changed
     */
    boolean key(int key) {
        TopTable.SortBy[] columns = TopTable.SortBy.values();
        if (key >= '1' && key <= '4') {
            sort = columns[key - '1'];
        } else if (key == TopTerminal.LEFT || key == TopTerminal.UP) {
            sort = columns[(sort.ordinal() + columns.length - 1) % columns.length];
        } else if (key == TopTerminal.RIGHT || key == TopTerminal.DOWN) {
            sort = columns[(sort.ordinal() + 1) % columns.length];
        } else if (key == ' ') {
            paused = !paused;
        } else if (key == 'r' || key == 'R') {
            table.reset();
            gil.reset();
            walks = 0;
            elapsedNanos = 0;
            drops = 0;
            stacksRead = 0;
        } else if (key == 't' || key == 'T') {
            List<String> threads = table.threads();
            int i = thread == null ? -1 : threads.indexOf(thread);
            thread = i + 1 < threads.size() ? threads.get(i + 1) : null;
        } else if (key == 'l' || key == 'L') {
            lineNumbers = !lineNumbers;
        } else {
            return key == TopTerminal.RESIZED;
        }
        return true;
    }

    List<String> lines(int width, int height) {
        int threadPid = thread == null ? -1 : table.pidOf(thread);
        return TopScreen.render(table, status(), new TopScreen.View(sort, paused, thread, threadPid, lineNumbers),
                width, height);
    }

    /** The plain form for a non-terminal: the screen at 200 columns and 50 lines, then a blank line. */
    void printPlain(PrintStream out) {
        for (String line : lines(200, 50)) {
            out.println(line);
        }
        out.println();
        out.flush();
    }

    private TopScreen.Status status() {
        var p = recording.process();
        double secondsPerSample = walks == 0 ? 0 : elapsedNanos / 1e9 / walks;
        return new TopScreen.Status(p.pid(), p.commandLine(), p.version().toString(), samplesPerSecond,
                table.activeThreads(), drops, stacksRead, secondsPerSample, windowSeconds,
                processes, gil.text(tree != null));
    }
}
