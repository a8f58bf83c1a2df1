package io.pysample.bench;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.Sampler;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.TaskStateReader;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Latency of one sample taken hot (back to back) versus cold (after a sleep, as at 100 Hz), split into phases, each
 * timed alone with {@link System#nanoTime()} against the same live target in one run, phases interleaved: the bare
 * {@code process_vm_readv} of 64 bytes, one {@code /proc/PID/task/TID/stat} read, a walk without a sink (no
 * profile), a full sample of every thread ({@code --idle}) and a full default-mode (ACTIVE) sample. Prints p50 and
 * p90 in µs and the cold/hot ratio.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.pysample.bench.ColdSampleLatency [VERSION] [TARGET] [SAMPLES] [SLEEP_MS]
 *     [TARGET_ARGS...]
 * </pre>
 * Defaults: 3.14, threads.py, 300 samples per phase and kind, 10 ms; JIT warm-up: 20,000 rounds or 5 s.
 */
public final class ColdSampleLatency {
    private ColdSampleLatency() {
    }

    public static void main(String[] args) throws Exception {
        String version = args.length > 0 ? args[0] : "3.14";
        String script = args.length > 1 ? args[1] : "threads.py";
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        long sleepNanos = (long) ((args.length > 3 ? Double.parseDouble(args[3]) : 10) * 1_000_000);
        String[] targetArgs = args.length > 4 ? Arrays.copyOfRange(args, 4, args.length) : new String[0];
        try (LiveTarget t = LiveTarget.start(version, script, targetArgs);
                PythonProcess p = PythonProcess.attach(t.pid(), MemoryBackend.AUTO);
                Sampler all = new Sampler(p, SamplingMode.ALL, 128, new Profile(new FrameTable(),
                        ProfileOptions.DEFAULT));
                Sampler active = new Sampler(p, SamplingMode.ACTIVE, 128, new Profile(new FrameTable(),
                        ProfileOptions.DEFAULT));
                TaskStateReader stat = new TaskStateReader(t.pid())) {
            PythonStackWalker walker = new PythonStackWalker(p.memory(), p.runtimeAddress(), p.offsets(),
                    new FrameTable(), 128);
            byte[] bytes = new byte[64];
            long addr = p.runtimeAddress();
            String[] names = {"process_vm_readv 64 B", "task stat read", "walk, no sink", "sample --idle",
                "sample default"};
            LongSupplier[] phases = {
                () -> p.memory().read(addr, bytes, 0, 64),
                () -> stat.state(t.pid()),
                () -> {
                    walker.sample(v -> { });
                    return 0;
                },
                () -> all.sample(System.nanoTime()) ? 1 : 0,
                () -> active.sample(System.nanoTime()) ? 1 : 0,
            };
            long warmUpEnd = System.nanoTime() + 5_000_000_000L;
            for (int i = 0; i < 20_000 && System.nanoTime() < warmUpEnd; i++) { // JIT warm-up
                for (LongSupplier ph : phases) {
                    ph.getAsLong();
                }
            }
            long[][] hot = new long[phases.length][n];
            long[][] cold = new long[phases.length][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < phases.length; k++) {
                    LockSupport.parkNanos(sleepNanos);
                    cold[k][i] = time(phases[k]);
                    for (int w = 0; w < 5; w++) {
                        phases[k].getAsLong();
                    }
                    hot[k][i] = time(phases[k]);
                }
            }
            System.out.printf(Locale.ROOT, "CPython %s %s, %d samples per phase, cold = after a %.1f ms sleep, %s%n",
                    version, script, n, sleepNanos / 1e6, System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "%-24s %9s %9s %9s %9s %7s%n", "phase", "hot p50", "hot p90", "cold p50",
                    "cold p90", "ratio");
            for (int k = 0; k < phases.length; k++) {
                double h = pct(hot[k], 50);
                double c = pct(cold[k], 50);
                System.out.printf(Locale.ROOT, "%-24s %7.1fµs %7.1fµs %7.1fµs %7.1fµs %6.1fx%n", names[k], h,
                        pct(hot[k], 90), c, pct(cold[k], 90), c / h);
            }
        }
    }

    private static long time(LongSupplier phase) {
        long t0 = System.nanoTime();
        phase.getAsLong();
        return System.nanoTime() - t0;
    }

    private static double pct(long[] v, int p) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1000.0;
    }
}
