package io.pysample.bench;

import io.pysample.core.asyncio.AsyncMode;
import io.pysample.core.asyncio.AsyncProfileHook;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.memory.MemoryBackend;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code record --async-aware --idle} sample ({@link RecordingSession#sampleOnce()} with the
 * {@link AsyncProfileHook}) of {@code asyncio_tasks.py N}: N tasks waiting in a gather-of-gathers tree plus one
 * running task. {@code asyncMode} {@code all} / {@code running} as {@code --async-mode}; {@code none} is the plain
 * sample of the same target (no hook), the baseline. The trial's tear-down prints the memory reads per sample
 * (system calls and regions, counted by a {@link CountingReader}) and then measures CPython's own reader on the
 * same target for 3 s ({@code _remote_debugging.RemoteUnwinder(pid).get_all_awaited_by()} for {@code all},
 * {@code get_async_stack_trace()} for {@code running}; {@code remote_async_loop.py}), in µs per call.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AsyncSampleBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AsyncSampleBenchmark {
    @Param({"10", "1000", "10000"})
    public int tasks;

    @Param({"all", "running", "none"})
    public String asyncMode;

    @Param({"3.14"})
    public String version;

    private LiveTarget live;
    private CountingReader reader;
    private RecordingSession session;
    private long samples;

    @Setup(Level.Trial)
    public void start() throws Exception {
        live = LiveTarget.start(version, "asyncio_tasks.py", Integer.toString(tasks));
        reader = new CountingReader(MemoryBackend.AUTO.open(live.pid()));
        PythonProcess target = live.attach(reader);
        session = RecordingSession.start(target, SessionOptions.builder().rateHz(0).mode(SamplingMode.ALL).build());
        if (!asyncMode.equals("none")) {
            session.sampler().setStackHook(new AsyncProfileHook(target, AsyncMode.valueOf(asyncMode.toUpperCase(
                    Locale.ROOT)), session.sampler().profile()));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        long calls = reader.calls();
        long segments = reader.segments();
        System.out.printf(Locale.ROOT, "%n%s (%s): %d samples, %.1f system calls and %.1f regions read per sample%n",
                live.readyLine(), asyncMode, samples, (double) calls / samples, (double) segments / samples);
        session.close();
        if (!asyncMode.equals("none")) {
            double rate = remoteUnwinder(version, live.pid(), 3, asyncMode);
            System.out.printf(Locale.ROOT, "RemoteUnwinder %s: %.1f us per call%n", asyncMode.equals("all")
                    ? "get_all_awaited_by()" : "get_async_stack_trace()", 1e6 / rate);
        }
        live.close();
    }

    @Benchmark
    public boolean sample() {
        samples++;
        return session.sampleOnce();
    }

    /** Calls per second of {@code remote_async_loop.py PID SECONDS MODE}, run by the same CPython. */
    static double remoteUnwinder(String version, int pid, double seconds, String mode) throws Exception {
        Path script = Files.createTempFile("remote_async_loop", ".py");
        try (InputStream in = AsyncSampleBenchmark.class.getResourceAsStream("/targets/remote_async_loop.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder(List.of(LiveTarget.interpreter(version).toString(), script.toString(),
                Integer.toString(pid), Double.toString(seconds), mode)).redirectErrorStream(true).start();
        StringBuilder all = new StringBuilder();
        String rate = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("RATE ")) {
                    rate = line.split(" ")[1];
                }
            }
        }
        p.waitFor();
        Files.deleteIfExists(script);
        if (rate == null) {
            throw new IllegalStateException("remote_async_loop.py failed:\n" + all);
        }
        return Double.parseDouble(rate);
    }
}
