package io.pysample.bench;

import io.pysample.core.asyncio.AsyncMode;
import io.pysample.core.asyncio.AsyncProfileHook;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.memory.MemoryBackend;
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
 * The first async-aware sample of a recording: {@link RecordingSession#sampleOnce()} with an
 * {@link AsyncProfileHook} made just before it, so its task lists are followed one task at a time (nothing to read
 * speculatively yet; {@link AsyncSampleBenchmark} measures the samples after it). Same target as there
 * ({@code asyncio_tasks.py N}); the session (and its code cache) stays warm between invocations, only the hook is
 * new. The trial's tear-down measures CPython's own {@code RemoteUnwinder(pid).get_all_awaited_by()} on the same
 * target for 3 s, which reads every task afresh on each call, in µs per call.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AsyncFirstSampleBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@Fork(1)
public class AsyncFirstSampleBenchmark {
    @Param({"1000", "10000"})
    public int tasks;

    @Param({"3.14"})
    public String version;

    private LiveTarget live;
    private PythonProcess target;
    private CountingReader reader;
    private RecordingSession session;
    private long samples;
    private long callsBefore;
    private long segmentsBefore;

    @Setup(Level.Trial)
    public void start() throws Exception {
        live = LiveTarget.start(version, "asyncio_tasks.py", Integer.toString(tasks));
        reader = new CountingReader(MemoryBackend.AUTO.open(live.pid()));
        target = live.attach(reader);
        session = RecordingSession.start(target, SessionOptions.builder().rateHz(0).mode(SamplingMode.ALL).build());
    }

    @Setup(Level.Invocation)
    public void newHook() {
        if (samples == 0) { // attach and the session's start are not part of a sample
            callsBefore = reader.calls();
            segmentsBefore = reader.segments();
        }
        session.sampler().setStackHook(new AsyncProfileHook(target, AsyncMode.ALL, session.sampler().profile()));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        System.out.printf(Locale.ROOT, "%n%s: %.1f system calls and %.1f regions read per first sample%n",
                live.readyLine(), (double) (reader.calls() - callsBefore) / samples,
                (double) (reader.segments() - segmentsBefore) / samples);
        session.close();
        double rate = AsyncSampleBenchmark.remoteUnwinder(version, live.pid(), 3, "all");
        System.out.printf(Locale.ROOT, "%n%s: RemoteUnwinder get_all_awaited_by(): %.1f us per call%n",
                live.readyLine(), 1e6 / rate);
        live.close();
    }

    @Benchmark
    public boolean firstSample() {
        samples++;
        return session.sampleOnce();
    }
}
