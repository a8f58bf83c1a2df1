package io.pysample.cli;

import io.pysample.agent.run.Agent;
import io.pysample.agent.run.AgentSettings;
import io.pysample.agent.run.TargetSelection;
import io.pysample.agent.store.RetentionPolicy;
import io.pysample.agent.store.StoreLocation;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.session.SessionOptions;
import io.pysample.shipping.Backend;
import io.pysample.shipping.Backends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pysample agent}: continuous profiling of every (or every selected) CPython process on the host into the
 * local profile store, optionally shipped to Pyroscope and OTLP receivers.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Profile Python processes continuously into the local profile store (read it with report), "
                + "optionally shipping each interval to Pyroscope or an OTLP receiver.",
            "  pysample agent [--pid PID]... [--all] [--match REGEX] [--subprocesses] [OPTIONS]",
            "Without --pid or --match it profiles every CPython 3.13+ process it may read (--all). New processes "
                + "are found every few seconds; processes it cannot profile are reported once. SIGINT/SIGTERM "
                + "store the interval in progress and exit 0. A status line goes to stderr every 60 s."},
        footer = ExitCodes.HELP)
final class AgentCommand implements Callable<Integer> {
    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "A process to profile (repeatable).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--all", description = "Every CPython 3.13+ process the agent may read (the default when no "
            + "target is given).")
    boolean all;

    @Option(names = "--match", paramLabel = "REGEX", description = "Processes whose command line matches REGEX "
            + "(searched, Java syntax).")
    String match;

    @Option(names = "--subprocesses", description = "Also profile the descendants of each --pid.")
    boolean subprocesses;

    @Option(names = {"-r", "--rate"}, paramLabel = "HZ", defaultValue = "100",
            description = "Samples per second per process (default: ${DEFAULT-VALUE}).")
    double rate;

    @Mixin
    ModeOptions modes;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "Length of one stored profile; boundaries at wall-clock multiples (default: "
                    + "${DEFAULT-VALUE}).")
    double interval;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "Stop after this many seconds, storing the interval in progress (default: until stopped).")
    Double duration;

    @Option(names = "--store", paramLabel = "PATH", description = ReportCommand.STORE_HELP)
    Path store;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "7d",
            description = "Delete intervals older than this: s, m, h, d or w (default: ${DEFAULT-VALUE}).")
    String retention;

    @Option(names = "--max-store-size", paramLabel = "SIZE", defaultValue = "1G",
            description = "Delete the oldest intervals beyond this size: K, M, G or T (default: ${DEFAULT-VALUE}).")
    String maxStoreSize;

    @Option(names = "--service", paramLabel = "NAME",
            description = "Service name of every interval (default: each process's script or module name).")
    String service;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A label for every interval (repeatable).")
    Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--pyroscope", paramLabel = "URL", description = "Ship each interval to this Pyroscope server.")
    String pyroscope;

    @Option(names = "--pyroscope-tenant", paramLabel = "ID", description = "Pyroscope tenant (X-Scope-OrgID).")
    String pyroscopeTenant;

    @Option(names = "--pyroscope-auth-file", paramLabel = "FILE",
            description = "File with Pyroscope credentials (user:password for basic auth, else a bearer token).")
    Path pyroscopeAuthFile;

    @Option(names = "--pyroscope-api", paramLabel = "push|ingest", description = "Pyroscope API (default: push).")
    String pyroscopeApi;

    @Option(names = "--otlp", paramLabel = "URL", description = "Ship each interval to this OTLP/HTTP receiver.")
    String otlp;

    @Option(names = "--otlp-header", paramLabel = "KEY=VALUE", description = "A header for --otlp (repeatable).")
    List<String> otlpHeaders = new ArrayList<>();

    @Option(names = "--discovery-period", paramLabel = "SECONDS", defaultValue = "3", hidden = true,
            description = "Seconds between two scans for processes (tests shorten it).")
    double discoveryPeriod;

    @Option(names = "--status-period", paramLabel = "SECONDS", defaultValue = "60", hidden = true,
            description = "Seconds between two status lines (tests shorten it).")
    double statusPeriod;

    @Option(names = "--max-frames", paramLabel = "N", defaultValue = "50000", hidden = true,
            description = "Distinct frames a target may accumulate before it is attached afresh (tests lower it).")
    int maxFrames;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws Exception {
        Agent agent = new Agent(settings(), System.err);
        try (InterruptSignals signals = InterruptSignals.install(signal -> agent.stop())) {
            agent.run();
        }
        return ExitCodes.OK;
    }

    AgentSettings settings() {
        target.validate();
        SamplingMode samplingMode = modes.samplingMode();
        if (!(rate > 0) || rate > 10_000) {
            throw new UserError(ExitCodes.USAGE, "--rate must be above 0 and at most 10000 Hz, got " + rate);
        }
        if (!(interval >= 1) || interval > 3600) {
            throw new UserError(ExitCodes.USAGE, "--interval must be between 1 and 3600 seconds, got " + interval);
        }
        if (duration != null && (!(duration > 0) || duration > RecordCommand.MAX_DURATION_SECONDS)) {
            throw new UserError(ExitCodes.USAGE, "--duration must be more than 0 and at most one year, got "
                    + duration);
        }
        if (!(discoveryPeriod >= 0.05) || !(statusPeriod >= 0.05)) {
            throw new UserError(ExitCodes.USAGE, "the discovery and status periods must be at least 0.05 s");
        }
        for (int pid : pids) {
            if (pid <= 0) {
                throw new UserError(ExitCodes.USAGE, "--pid must be positive, got " + pid);
            }
        }
        if (subprocesses && pids.isEmpty()) {
            throw new UserError(ExitCodes.USAGE, "--subprocesses needs at least one --pid");
        }
        Pattern regex = null;
        if (match != null) {
            try {
                regex = Pattern.compile(match);
            } catch (PatternSyntaxException e) {
                throw new UserError(ExitCodes.USAGE, "--match is not a regular expression: "
                        + e.getDescription() + " in '" + match + "'");
            }
        }
        RetentionPolicy policy;
        List<Backend> backends = new ArrayList<>();
        try {
            policy = new RetentionPolicy(RetentionPolicy.parseAge(retention), RetentionPolicy.parseSize(maxStoreSize));
            if (pyroscope != null) {
                backends.add(Backends.pyroscope(pyroscope, pyroscopeTenant, pyroscopeAuthFile, pyroscopeApi));
            } else if (pyroscopeTenant != null || pyroscopeAuthFile != null || pyroscopeApi != null) {
                throw new IllegalArgumentException("--pyroscope-tenant, --pyroscope-auth-file and --pyroscope-api "
                        + "need --pyroscope URL");
            }
            if (otlp != null) {
                backends.add(Backends.otlp(otlp, otlpHeaders));
            } else if (!otlpHeaders.isEmpty()) {
                throw new IllegalArgumentException("--otlp-header needs --otlp URL");
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.USAGE, e.getMessage());
        }
        SessionOptions session = SessionOptions.builder().rateHz(rate)
                .mode(samplingMode).gcFrames(modes.gcFrames())
                .maxDepth(target.maxDepth).build();
        TargetSelection selection = new TargetSelection(new HashSet<>(pids), all, regex, subprocesses);
        try {
            return AgentSettings.of(selection, session, target.backend, Duration.ofMillis(Math.round(interval * 1000)),
                    duration == null ? null : Duration.ofNanos((long) (duration * 1e9)),
                    store != null ? store : StoreLocation.defaultPath(), policy, service, tags, backends)
                    .withPeriods(Duration.ofMillis(Math.round(discoveryPeriod * 1000)),
                            Duration.ofMillis(Math.round(statusPeriod * 1000)))
                    .withMaxFrames(maxFrames);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.USAGE, e.getMessage());
        }
    }
}
