package io.pysample.bench;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.ProgressListener;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.memory.MemoryBackend;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Samples per second of pysample at its maximum rate versus CPython's own unwinder
 * ({@code _remote_debugging.RemoteUnwinder(pid, all_threads=True).get_stack_trace()} in a tight loop, run by the
 * same CPython), against the <b>same target process</b>, alternately, in one run. pysample is measured twice: with
 * every thread ({@code --idle}, what RemoteUnwinder does) and in its default mode (ACTIVE: idle threads' stacks are
 * read but dropped, which needs the kernel's state of each detached thread). Prints one line per measurement and a
 * summary with the median ratios.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.pysample.bench.CompareWithRemoteUnwinder [VERSION] [SECONDS] [ROUNDS]
 * </pre>
 * Defaults: 3.14, 3 s, 3 rounds, targets {@code deep.py} (1 thread, ~53 frames) and {@code threads.py} (17 threads,
 * 10-20 frames). On 3.15 the reference is also measured with {@code cache_frames=True}.
 */
public final class CompareWithRemoteUnwinder {
    private CompareWithRemoteUnwinder() {
    }

    public static void main(String[] args) throws Exception {
        String version = args.length > 0 ? args[0] : "3.14";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path unwinderScript = Files.createTempFile("remote_unwinder_loop", ".py");
        try (InputStream in = CompareWithRemoteUnwinder.class.getResourceAsStream("/targets/remote_unwinder_loop.py")) {
            Files.write(unwinderScript, in.readAllBytes());
        }
        System.out.printf(Locale.ROOT, "CPython %s, %.0f s per measurement, %d rounds, %s, %d CPUs%n", version,
                seconds, rounds, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        List<String> summary = new ArrayList<>();
        for (String target : List.of("deep.py", "threads.py")) {
            try (LiveTarget t = LiveTarget.start(version, target)) {
                measurePysample(t.pid(), 2, SamplingMode.ALL); // JIT warm-up
                measurePysample(t.pid(), 1, SamplingMode.ACTIVE);
                double[] ours = new double[rounds];
                double[] active = new double[rounds];
                double[] ref = new double[rounds];
                double[] refCached = new double[rounds];
                boolean cached = version.equals("3.15");
                for (int r = 0; r < rounds; r++) {
                    ours[r] = measurePysample(t.pid(), seconds, SamplingMode.ALL);
                    active[r] = measurePysample(t.pid(), seconds, SamplingMode.ACTIVE);
                    ref[r] = measureUnwinder(version, unwinderScript, t.pid(), seconds, false);
                    if (cached) {
                        refCached[r] = measureUnwinder(version, unwinderScript, t.pid(), seconds, true);
                    }
                    System.out.printf(Locale.ROOT, "%-10s round %d: pysample --idle %,10.0f/s  default %,10.0f/s  "
                            + "RemoteUnwinder %,10.0f/s%s%n", target, r + 1, ours[r], active[r], ref[r], cached ? String.format(Locale.ROOT,
                                    "  (cache_frames %,10.0f/s)", refCached[r]) : "");
                }
                double o = median(ours);
                double a = median(active);
                double u = median(ref);
                String line = String.format(Locale.ROOT, "%-10s RemoteUnwinder %,8.0f/s; pysample --idle %,8.0f/s "
                        + "(%.1fx), default %,8.0f/s (%.1fx)", target, u, o, o / u, a, a / u);
                if (cached) {
                    double c = median(refCached);
                    line += String.format(Locale.ROOT, "; cache_frames=True %,.0f/s (--idle %.1fx, default %.1fx)", c,
                            o / c, a / c);
                }
                summary.add(line);
            }
        }
        System.out.println("== median of " + rounds + " rounds, CPython " + version);
        summary.forEach(System.out::println);
    }

    /** pysample's sampling loop at its maximum rate in {@code mode} (ALL: as RemoteUnwinder all_threads). */
    static double measurePysample(int pid, double seconds, SamplingMode mode) {
        SessionOptions options = SessionOptions.builder().rateHz(0).duration(Duration.ofMillis((long) (seconds * 1000)))
                .mode(mode).build();
        try (RecordingSession session = RecordingSession.start(PythonProcess.attach(pid, MemoryBackend.AUTO),
                options)) {
            session.run(ProgressListener.NONE);
            return session.cutInterval().stats().achievedRate();
        }
    }

    static double measureUnwinder(String version, Path script, int pid, double seconds, boolean cacheFrames)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LiveTarget.interpreter(version).toString(), script.toString(),
                Integer.toString(pid), Double.toString(seconds)));
        if (cacheFrames) {
            cmd.add("cache_frames");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String rate = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("RATE ")) {
                    rate = line.split(" ")[1];
                }
            }
        }
        p.waitFor();
        if (rate == null) {
            throw new IllegalStateException("RemoteUnwinder loop failed:\n" + all);
        }
        return Double.parseDouble(rate);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
