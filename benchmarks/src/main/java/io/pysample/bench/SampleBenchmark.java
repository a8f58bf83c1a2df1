package io.pysample.bench;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.core.walk.WalkStats;
import io.pysample.memory.MemoryBackend;
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
 * One full stack sample of every thread of a live CPython target (walk, code-object cache, line lookup, and
 * aggregation into a {@link Profile}): {@link RecordingSession#sampleOnce()} as the sampling loop calls it at its
 * maximum rate ({@code record -r max --idle}). Targets: {@code deep.py}
 * (1 thread, ~53 frames) and {@code threads.py} (17 threads, 10-20 frames).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SampleBenchmark -prof gc} (the allocation rate per
 * sample, {@code gc.alloc.rate.norm}, should be about 0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SampleBenchmark {
    @Param({"deep.py", "threads.py"})
    public String target;

    @Param({"3.14", "3.15"})
    public String version;

    /** ALL: every thread ({@code --idle}); ACTIVE: the default mode, which asks the kernel about detached threads. */
    @Param({"ALL", "ACTIVE"})
    public String mode;

    private LiveTarget live;
    private RecordingSession session;

    @Setup(Level.Trial)
    public void start() throws Exception {
        live = LiveTarget.start(version, target);
        session = RecordingSession.start(PythonProcess.attach(live.pid(), MemoryBackend.AUTO),
                SessionOptions.builder().rateHz(0).mode(SamplingMode.valueOf(mode)).build());
    }

    @TearDown(Level.Trial)
    public void stop() {
        WalkStats stats = session.sampler().walker().stats();
        System.out.println("\nwalker: " + stats.samples() + " samples, " + stats.threadStacks() + " thread stacks, "
                + stats.retries() + " re-reads, " + stats.bytesRead() / Math.max(1, stats.samples())
                + " bytes read per sample, errors " + stats.dropsByReason());
        session.close();
        live.close();
    }

    @Benchmark
    public boolean sampleAllThreads() {
        return session.sampleOnce();
    }
}
