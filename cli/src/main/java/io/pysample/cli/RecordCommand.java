package io.pysample.cli;

import io.pysample.core.attach.AttachException;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProgressListener;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.sampling.Sampler;
import io.pysample.core.sampling.SamplerConfig;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.sampling.SamplingResult;
import io.pysample.core.sampling.StopReason;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.WalkError;
import io.pysample.export.OutputFormat;
import io.pysample.memory.ProcessGoneException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
                + "collected. An existing output file is replaced."},
        footer = ExitCodes.HELP)
final class RecordCommand implements Callable<Integer> {
    private static final long ATTACH_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "The process to sample.")
    Integer pidOption;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output file (default: pysample-PID-TIMESTAMP.html, or the format's extension).")
    Path output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "flamegraph, speedscope, collapsed or pprof (default: from the output's extension, else "
                    + "flamegraph).")
    OutputFormat format;

    @Option(names = {"-r", "--rate"}, paramLabel = "HZ", defaultValue = "100",
            description = "Samples per second, or 'max' for as fast as possible (default: ${DEFAULT-VALUE}).")
    String rate;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: until Ctrl-C or the target exits).")
    Double duration;

    @Option(names = "--idle", description = "Include idle threads (waiting, sleeping), not only active ones.")
    boolean idle;

    @Option(names = "--gil", description = "Only record the thread holding the GIL.")
    boolean gil;

    @Option(names = "--threads", description = "Add a root frame per thread: [name tid=N].")
    boolean threads;

    @Option(names = "--nolineno", description = "Aggregate by function, not by line.")
    boolean noLineNumbers;

    @Option(names = "--fixed-interval",
            description = "Sample at fixed intervals instead of randomised (exponential) ones.")
    boolean fixedInterval;

    @Option(names = "--full-filenames", description = "Show full file paths in frame names.")
    boolean fullFilenames;

    @Option(names = "--stats", description = "Also print sample latency percentiles and errors by reason.")
    boolean stats;

    @Mixin
    TargetOptions target;

    @Mixin
    RecordSnapshots snapshots;

    @Parameters(paramLabel = "PID | -- COMMAND", arity = "0..*",
            description = "The pid to sample, or after -- the command to start and sample.")
    List<String> positional;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        target.validate();
        snapshots.validate();
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
        if (idle && gil) {
            throw new UserError(ExitCodes.USAGE, "--idle and --gil exclude each other");
        }
        OutputFormat fmt = chooseFormat();
        // Checked before anything is started or sampled: an unwritable output loses nothing.
        OutputFile out = OutputFile.prepare(output != null ? output : defaultName(launch ? null : pid, fmt));
        try {
            return launch ? recordCommand(out, fmt, hz, limit) : recordPid(pid, out, fmt, hz, limit);
        } finally {
            out.discard();
        }
    }

    private int recordPid(int pid, OutputFile out, OutputFormat fmt, double hz, Duration limit) throws IOException {
        try (PythonProcess process = PythonProcess.attach(pid, target.backend)) {
            record(process, out, fmt, hz, limit, false);
            return ExitCodes.OK;
        }
    }

    private int recordCommand(OutputFile out, OutputFormat fmt, double hz, Duration limit) throws Exception {
        Process child;
        try {
            child = new ProcessBuilder(positional).inheritIO().start();
        } catch (IOException e) {
            throw new UserError(ExitCodes.LAUNCH_FAILED, "cannot start " + positional.get(0) + ": "
                    + e.getMessage());
        }
        boolean recorded = false;
        try (PythonProcess process = attachToChild(child)) {
            if (process != null) {
                record(process, out, fmt, hz, limit, true);
                recorded = true;
            }
        } catch (AttachException e) {
            child.destroy();
            child.waitFor(5, TimeUnit.SECONDS);
            child.destroyForcibly();
            throw e;
        }
        int code = child.waitFor();
        if (!recorded) {
            System.err.println("pysample: " + positional.get(0) + " exited (code " + code
                    + ") before pysample could attach; nothing was recorded");
        }
        return code;
    }

    /** Attaches to a just-started child, retrying while it is still starting up; null if it exited first. */
    private PythonProcess attachToChild(Process child) throws InterruptedException {
        long deadline = System.nanoTime() + ATTACH_TIMEOUT_NANOS;
        AttachException last = null;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                return null;
            }
            try {
                return PythonProcess.attach((int) child.pid(), target.backend);
            } catch (ProcessGoneException e) {
                return null;
            } catch (AttachException e) {
                last = e; // e.g. a wrapper script that has not exec'd Python yet
            }
            Thread.sleep(20);
        }
        throw last != null ? last : new UserError(ExitCodes.NOT_PYTHON, "cannot attach to " + positional.get(0));
    }

    private void record(PythonProcess process, OutputFile out, OutputFormat fmt, double hz, Duration limit,
            boolean launched) throws IOException {
        SamplingMode mode = gil ? SamplingMode.GIL : idle ? SamplingMode.ALL : SamplingMode.ACTIVE;
        SamplerConfig config = new SamplerConfig(hz, limit, mode, !fixedInterval, target.maxDepth, stats);
        Profile profile = new Profile(new FrameTable(), !noLineNumbers, threads, fmt.needsTimeline());
        Sampler sampler = new Sampler(process, config, profile);
        CountDownLatch written = new CountDownLatch(1);
        // Ctrl-C / SIGTERM: stop sampling and let this thread write what was collected before the JVM exits.
        Thread hook = new Thread(() -> {
            sampler.stop();
            try {
                written.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "pysample-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintStream err = System.err;
        try {
            StatusLine status = StatusLine.forConsole(err);
            long startMillis = System.currentTimeMillis();
            SamplingResult result = snapshots.start(process, out.path(), err)
                    .around(() -> sampler.run(status != null ? status : ProgressListener.NONE));
            if (status != null) {
                status.finish();
            }
            // Each sample stands for the time between samples actually achieved (speedscope weights, the title).
            double reportedRate = result.achievedRate() > 0 ? result.achievedRate() : hz;
            RecordingInfo info = new RecordingInfo(process.pid(), process.commandLine(),
                    process.version().toString(), startMillis, result.elapsedNanos(), reportedRate, result.walks(),
                    mode);
            try (OutputStream os = out.open()) {
                fmt.exporter(fullFilenames).write(profile, info, os);
            } catch (IOException e) {
                throw new UserError(ExitCodes.OUTPUT_ERROR, "cannot write " + out.path() + ": " + e.getMessage());
            }
            out.commit();
            summarize(err, process, result, out.path(), launched);
        } finally {
            written.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the output is written
            }
        }
    }

    private void summarize(PrintStream err, PythonProcess process, SamplingResult r, Path file, boolean launched) {
        long errors = r.totalErrors();
        double pct = r.threadStacks() + errors > 0 ? 100.0 * errors / (r.threadStacks() + errors) : 0;
        if (r.reason() == StopReason.TARGET_EXITED && !launched) {
            err.println("pysample: process " + process.pid() + " exited; writing what was collected");
        }
        err.printf(Locale.ROOT, "pysample: %,d samples in %.1f s (%,.0f Hz), %,d stacks, %,d errors (%.2f%%) -> %s%n",
                r.walks(), r.elapsedNanos() / 1e9, r.achievedRate(), r.threadStacks(), errors, pct, file);
        if (stats) {
            if (r.latencyMicros() != null && r.latencyMicros().getTotalCount() > 0) {
                err.printf(Locale.ROOT, "pysample: sample latency p50 %d us, p99 %d us, max %d us%n",
                        r.latencyMicros().getValueAtPercentile(50), r.latencyMicros().getValueAtPercentile(99),
                        r.latencyMicros().getMaxValue());
            }
            for (Map.Entry<WalkError, Long> e : r.errors().entrySet()) {
                err.printf(Locale.ROOT, "pysample:   %,d x %s%n", e.getValue(), e.getKey().description());
            }
        }
    }

    private OutputFormat chooseFormat() {
        if (format != null) {
            return format;
        }
        if (output != null) {
            OutputFormat implied = OutputFormat.fromFileName(output.getFileName().toString());
            if (implied != null) {
                return implied;
            }
        }
        return OutputFormat.FLAMEGRAPH;
    }

    private static Path defaultName(Integer pid, OutputFormat fmt) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("pysample-" + (pid != null ? pid + "-" : "") + stamp + "." + fmt.extension());
    }

    private double parseRate() {
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
        if (!(duration > 0) || duration > 365 * 24 * 3600.0) {
            throw new UserError(ExitCodes.USAGE, "--duration must be a positive number of seconds, got " + duration);
        }
        return Duration.ofNanos((long) (duration * 1e9));
    }

    private static int parsePid(String s) {
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
