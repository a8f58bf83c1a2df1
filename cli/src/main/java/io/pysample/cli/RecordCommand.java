package io.pysample.cli;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.NanoClock;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.sampling.SamplingSchedule;
import io.pysample.core.session.LaunchAttach;
import io.pysample.core.session.Recording;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.export.OutputFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pysample record}: samples a running process ({@code record PID}) or a command it starts
 * ({@code record -- python app.py}) and writes a flame graph, speedscope profile or collapsed stacks.
 */
@Command(name = "record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample a Python process into a flame graph (default), speedscope JSON or collapsed stacks.",
            "  pysample record [OPTIONS] PID",
            "  pysample record [OPTIONS] -- COMMAND [ARGS...]   (starts COMMAND, samples it until it exits, and "
                + "exits with its exit code)",
            "Stops at the duration, on Ctrl-C/SIGTERM, or when the target exits, and always writes what it "
                + "collected. An existing output file is replaced.",
            "With -- COMMAND, SIGINT/SIGTERM are passed on to the command; pysample waits for it to exit and "
                + "exits with its status."},
        footer = ExitCodes.HELP)
final class RecordCommand implements Callable<Integer> {
    /** How long a started command may run a program that is not Python (a wrapper that will exec Python). */
    private static final Duration NOT_PYTHON_GRACE = Duration.ofSeconds(1);
    /** The longest {@code --duration}, one year. */
    static final double MAX_DURATION_SECONDS = 365 * 24 * 3600.0;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "The process to sample.")
    Integer pidOption;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output file (default: pysample-PID-TIMESTAMP.html, or the format's extension).")
    Path output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "flamegraph, speedscope, collapsed, pprof or heatmap (a directory of source pages; default: "
                    + "from the output's extension, else flamegraph; an extension that names no format is refused).")
    OutputFormat format;

    @Option(names = {"-r", "--rate"}, paramLabel = "HZ", defaultValue = "100",
            description = "Samples per second, or 'max' for as fast as possible (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: until Ctrl-C or the target exits).")
    Double duration;

    @Mixin
    ModeOptions modes;

    @Option(names = "--threads", description = "Add a root frame per thread: [name tid=N].")
    boolean threads;

    @Option(names = "--nolineno", description = "Aggregate by function, not by line.")
    boolean noLineNumbers;

    @Option(names = "--fixed-interval",
            description = "Sample at fixed intervals instead of randomised (exponential) ones.")
    boolean fixedInterval;

    @Option(names = "--full-filenames", description = "Show full file paths in frame names.")
    boolean fullFilenames;

    @Option(names = "--stats", description = "Also print sample latency percentiles and dropped stacks by reason.")
    boolean stats;

    @Mixin
    TargetOptions target;

    @Mixin
    RecordSnapshots snapshots;

    @Mixin
    AsyncOptions async;

    @Mixin
    SubprocessOptions subprocesses;

    @Parameters(paramLabel = "PID | -- COMMAND", arity = "0..*",
            description = "The pid to sample, or after -- the command to start and sample.")
    List<String> positional;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final ChildIo childIo;

    /** Passes a started command's standard streams through. */
    RecordCommand() {
        this(ChildIo.INHERIT);
    }

    /** @param childIo where a started command's standard streams go */
    RecordCommand(ChildIo childIo) {
        this.childIo = childIo;
    }

    @Override
    public Integer call() throws Exception {
        target.validate();
        snapshots.validate();
        async.validate();
        double hz = parseRate();
        Duration limit = parseDuration();
        boolean launch = spec.commandLine().getParseResult().originalArgs().contains("--");
        Integer pid = pidOption;
        if (!launch && positional != null && !positional.isEmpty()) {
            if (positional.size() > 1) {
                throw new UserError(ExitCodes.USAGE, "give one PID, or a command after --");
            }
            pid = parsePid(positional.get(0));
            if (pidOption != null && !pidOption.equals(pid)) {
                throw new UserError(ExitCodes.USAGE, "two different pids given");
            }
        }
        if (launch && (positional == null || positional.isEmpty())) {
            throw new UserError(ExitCodes.USAGE, "no command after --");
        }
        if (launch && pid != null) {
            throw new UserError(ExitCodes.USAGE, "give a PID or a command, not both");
        }
        if (!launch && pid == null) {
            throw new UserError(ExitCodes.USAGE, "give the PID to sample, or a command after --");
        }
        SamplingMode samplingMode = modes.samplingMode();
        OutputFormat fmt = chooseFormat();
        subprocesses.validate(fmt);
        SessionOptions options = SessionOptions.builder().rateHz(hz).duration(limit)
                .mode(samplingMode).gcFrames(modes.gcFrames())
                .intervals(fixedInterval ? SamplingSchedule.Intervals.FIXED : SamplingSchedule.Intervals.EXPONENTIAL)
                .maxDepth(target.maxDepth).recordLatency(stats)
                .profile(new ProfileOptions(!noLineNumbers, threads, fmt.needsTimeline())).build();
        // Checked before anything is started or sampled: an unwritable output loses nothing.
        OutputFile out = ProfileOutput.prepare(output != null ? output : defaultName(launch ? null : pid, fmt), fmt);
        Recorder recorder = new Recorder(out, fmt, fullFilenames, stats, snapshots, System.err);
        try {
            return launch ? recordCommand(recorder, options) : recordPid(pid, recorder, options);
        } finally {
            out.discard();
        }
    }

    private int recordPid(int pid, Recorder recorder, SessionOptions options) throws Exception {
        try (RecordingSession session = RecordingSession.start(PythonProcess.attach(pid, target.backend), options)) {
            async.install(session);
            Recording recording = subprocesses.around(session, target.backend, async::install);
            try (InterruptSignals signals = InterruptSignals.install(signal -> recording.stop())) {
                recorder.record(recording, "process " + pid, false);
            }
            return ExitCodes.OK;
        }
    }

    private int recordCommand(Recorder recorder, SessionOptions options) throws Exception {
        PrintStream err = System.err;
        WarmUp.run(target.backend);
        LaunchedCommand child = new LaunchedCommand(positional, err);
        try (InterruptSignals signals = InterruptSignals.install(child::onSignal); child) {
            child.start(childIo);
            Duration attachLimit = options.duration() != null ? options.duration() : NOT_PYTHON_GRACE;
            PythonProcess process = attachLaunched(child, target.backend, attachLimit);
            try (RecordingSession session = RecordingSession.start(process, options)) {
                async.install(session);
                recorder.record(subprocesses.around(session, target.backend, async::install), child.name()
                        + " (pid " + process.pid() + ")", true);
            }
            return child.waitFor();
        }
    }

    /**
     * Attaches to a started command's Python ({@link LaunchAttach}), giving a non-Python program
     * 1 s to exec Python.
     *
     * @throws UserError ({@link ExitCodes#NO_SUCH_PROCESS}) if the command exited first
     */
    static PythonProcess attachLaunched(LaunchedCommand child, io.pysample.memory.MemoryBackend backend,
            Duration attachLimit) throws InterruptedException {
        PythonProcess process = LaunchAttach.attach(child.handle(), backend, NOT_PYTHON_GRACE, attachLimit,
                NanoClock.SYSTEM);
        if (process == null) {
            int code = child.waitFor();
            throw new UserError(ExitCodes.NO_SUCH_PROCESS, child.name() + " exited (code " + code
                    + ") before pysample could attach; nothing was recorded");
        }
        return process;
    }

    private OutputFormat chooseFormat() {
        if (format != null) {
            return format;
        }
        if (output != null) {
            String name = output.getFileName().toString();
            OutputFormat implied = OutputFormat.fromFileName(name);
            if (implied != null) {
                return implied;
            }
            if (name.lastIndexOf('.') > 0) {
                throw new UserError(ExitCodes.USAGE, "the extension of " + name + " names no output format: use "
                        + ".html, .speedscope.json/.json or .txt/.collapsed, or give -f/--format");
            }
        }
        return OutputFormat.FLAMEGRAPH;
    }

    private static Path defaultName(Integer pid, OutputFormat fmt) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("pysample-" + (pid != null ? pid + "-" : "") + stamp + "." + fmt.extension());
    }

    private double parseRate() {
        return parseRate(rate);
    }

    /** {@code --rate}: Hz in (0, 1e6], or {@code max} (0: as fast as possible). */
    static double parseRate(String rate) {
        if ("max".equalsIgnoreCase(rate)) {
            return 0;
        }
        double hz;
        try {
            hz = Double.parseDouble(rate);
        } catch (NumberFormatException e) {
            throw new UserError(ExitCodes.USAGE, "--rate must be a number of samples per second or 'max', got '"
                    + rate + "'");
        }
        if (!(hz > 0) || hz > 1_000_000) {
            throw new UserError(ExitCodes.USAGE, "--rate must be above 0 and at most 1000000 Hz (or 'max'), got "
                    + rate);
        }
        return hz;
    }

    private Duration parseDuration() {
        if (duration == null) {
            return null;
        }
        if (!(duration > 0) || duration > MAX_DURATION_SECONDS) {
            throw new UserError(ExitCodes.USAGE, String.format(Locale.ROOT, "--duration must be more than 0 and at "
                    + "most %.0f seconds (365 days), got %s", MAX_DURATION_SECONDS, duration));
        }
        return Duration.ofNanos((long) (duration * 1e9));
    }

    static int parsePid(String s) {
        try {
            int pid = Integer.parseInt(s);
            if (pid <= 0) {
                throw new NumberFormatException();
            }
            return pid;
        } catch (NumberFormatException e) {
            throw new UserError(ExitCodes.USAGE, "not a pid: '" + s + "' (to start a command, put it after --)");
        }
    }
}
