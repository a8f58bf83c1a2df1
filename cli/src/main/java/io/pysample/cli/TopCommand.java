package io.pysample.cli;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.GilTally;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.sampling.StopReason;
import io.pysample.core.session.ProfileInterval;
import io.pysample.core.session.Recording;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import java.io.File;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pysample top}: a live view of the functions a process (or, with {@code --subprocesses}, a process tree)
 * spends its time in, like {@code py-spy top}. One thread drives the {@link Recording} step by step — a
 * {@link RecordingSession}, or a {@link io.pysample.core.subprocess.ProcessTreeRecording} — counts GIL holders into
 * a {@link GilTally}, and cuts an interval every refresh ({@value #REFRESH_MILLIS} ms), which feeds the
 * {@link TopView}; {@link TopScreen} renders it; {@link TopTerminal} handles the keys. When standard output is not a
 * terminal it prints a plain table every refresh instead.
 */
@Command(name = "top", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Live view of the functions a Python process is running, like py-spy top.",
            "  pysample top [OPTIONS] [--subprocesses] PID",
            "  pysample top [OPTIONS] [--subprocesses] -- COMMAND [ARGS...]   (starts COMMAND; on a terminal its "
                + "output is discarded and q ends it)",
            "Header: GIL is the share of the window's samples in which a thread held the GIL, and the thread that "
                + "held it most; with --subprocesses, Processes counts the processes sampled and the Pid column "
                + "says which process a function ran in (functions are summed over processes).",
            "Keys: 1-4 or left/right choose the sort column (%%Own, %%Total, OwnTime, TotalTime), space pauses, r "
                + "resets, t cycles through the threads, l toggles line numbers, q quits.",
            "%%Own/%%Total: share of the last --window seconds' samples; OwnTime/TotalTime: seconds since the start "
                + "or the last reset."},
        footer = ExitCodes.HELP)
final class TopCommand implements Callable<Integer> {
    static final long REFRESH_MILLIS = 1000;

    @Option(names = {"-r", "--rate"}, paramLabel = "HZ", defaultValue = "100",
            description = "Samples per second, or 'max' (default: ${DEFAULT-VALUE}).")
    String rate;

    @Mixin
    ModeOptions modes;

    @Option(names = "--nolineno", description = "Start with line numbers off (the l key toggles them).")
    boolean noLineNumbers;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds the percentages cover (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: until q, Ctrl-C or the target exits).")
    Double duration;

    @Mixin
    TargetOptions target;

    @Mixin
    SubprocessOptions subprocesses;

    @Parameters(paramLabel = "PID | -- COMMAND", arity = "0..*",
            description = "The pid to watch, or after -- the command to start and watch.")
    List<String> positional;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The view was left with q (or Ctrl-C typed into it), not by the duration or the target's end. */
    private boolean quit;

    @Override
    public Integer call() throws Exception {
        target.validate();
        double hz = RecordCommand.parseRate(rate);
        SamplingMode samplingMode = modes.samplingMode();
        if (window < 1 || window > 3600) {
            throw new UserError(ExitCodes.USAGE, "--window must be between 1 and 3600 seconds, got " + window);
        }
        if (duration != null && !(duration > 0 && duration <= RecordCommand.MAX_DURATION_SECONDS)) {
            throw new UserError(ExitCodes.USAGE, "--duration must be more than 0 seconds and at most a year");
        }
        boolean launch = spec.commandLine().getParseResult().originalArgs().contains("--");
        if (positional == null || positional.isEmpty()) {
            throw new UserError(ExitCodes.USAGE, "give the PID to watch, or a command after --");
        }
        if (!launch && positional.size() > 1) {
            throw new UserError(ExitCodes.USAGE, "give one PID, or a command after --");
        }
        SessionOptions options = SessionOptions.builder().rateHz(hz)
                .duration(duration == null ? null : Duration.ofNanos((long) (duration * 1e9)))
                .mode(samplingMode).gcFrames(modes.gcFrames())
                .maxDepth(target.maxDepth).profile(new ProfileOptions(true, true, false)).build();
        if (!launch) {
            int pid = RecordCommand.parsePid(positional.get(0));
            // Attached before the screen is taken over: an error is printed on the normal screen.
            try (RecordingSession session = RecordingSession.start(PythonProcess.attach(pid, target.backend),
                    options); TopTerminal terminal = TopTerminal.open()) {
                return watch(session, terminal);
            }
        }
        try (TopTerminal terminal = TopTerminal.open()) {
            return watchCommand(options, terminal);
        }
    }

    private int watchCommand(SessionOptions options, TopTerminal terminal) throws Exception {
        PrintStream err = System.err;
        LaunchedCommand child = new LaunchedCommand(positional, err);
        Redirect nul = Redirect.to(new File("/dev/null"));
        ChildIo io = terminal == null ? ChildIo.INHERIT
                : new ChildIo(Redirect.from(new File("/dev/null")), nul, nul);
        try (InterruptSignals signals = InterruptSignals.install(child::onSignal); child) {
            child.start(io);
            PythonProcess process = RecordCommand.attachLaunched(child, target.backend, Duration.ofSeconds(1));
            try (RecordingSession session = RecordingSession.start(process, options)) {
                watch(session, terminal);
            }
            if (quit) {
                child.close(); // its output goes nowhere and it cannot be typed to: q ends it (SIGTERM, then KILL)
            }
            return child.waitFor();
        }
    }

    /**
     * Samples {@code root} (and with --subprocesses its descendants) and shows until q, the duration, a signal
     * (plain mode) or the target's end.
     */
    private int watch(RecordingSession root, TopTerminal terminal) throws Exception {
        GilTally gil = new GilTally();
        root.sampler().setGilTally(gil);
        Recording recording = subprocesses.around(root, target.backend, s -> s.sampler().setGilTally(gil));
        try {
            TopView view = new TopView(recording, gil, window, !noLineNumbers);
            if (terminal == null) {
                try (InterruptSignals signals = InterruptSignals.install(s -> recording.stop())) {
                    return loop(recording, view, null);
                }
            }
            return loop(recording, view, terminal);
        } finally {
            if (recording instanceof AutoCloseable tree && recording != root) {
                tree.close(); // the descendants' sessions; the root's is the caller's
            }
        }
    }

    private int loop(Recording session, TopView view, TopTerminal terminal) {
        long refresh = TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS);
        long nextRefresh = System.nanoTime() + refresh;
        if (terminal != null) {
            terminal.draw(view.lines(terminal.width(), terminal.height()));
        }
        while (true) {
            if (terminal != null) {
                boolean redraw = false;
                for (Integer key = terminal.nextKey(); key != null; key = terminal.nextKey()) {
                    if (key == 'q' || key == 'Q' || key == 3) {
                        quit = true;
                        return ExitCodes.OK;
                    }
                    redraw |= view.key(key);
                }
                if (redraw) {
                    terminal.draw(view.lines(terminal.width(), terminal.height()));
                }
            }
            long now = System.nanoTime();
            if (now - nextRefresh >= 0) {
                nextRefresh += refresh;
                if (now - nextRefresh >= 0) {
                    nextRefresh = now + refresh; // fell behind: no burst of refreshes
                }
                ProfileInterval interval = session.cutInterval();
                view.add(interval);
                if (terminal != null) {
                    terminal.draw(view.lines(terminal.width(), terminal.height()));
                } else {
                    view.printPlain(System.out);
                }
                if (session.stopReason() != null) {
                    System.err.println("pysample: " + (session.stopReason() == StopReason.TARGET_EXITED
                            ? "the target exited" : "stopped"));
                    return ExitCodes.OK;
                }
                continue;
            }
            long due = session.nextSampleAt();
            if (now - due >= 0) {
                if (!session.sampleOnce()) {
                    nextRefresh = now; // show the last interval, then end
                }
                continue;
            }
            long until = Math.min(due, nextRefresh);
            LockSupport.parkNanos(Math.min(until - now, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }
}
