package io.pysample.bench;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.Profile;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.core.walk.StackSink;
import io.pysample.core.walk.ThreadView;
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
 * aggregation into a {@link Profile}), as the sampling loop does it at its maximum rate. Targets: {@code deep.py}
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

    private LiveTarget live;
    private PythonProcess process;
    private PythonStackWalker walker;
    private Profile profile;
    private StackSink sink;

    @Setup(Level.Trial)
    public void start() throws Exception {
        live = LiveTarget.start(version, target);
        process = PythonProcess.attach(live.pid(), MemoryBackend.AUTO);
        FrameTable frames = new FrameTable();
        profile = new Profile(frames, true, false, false);
        walker = new PythonStackWalker(process.memory(), process.runtimeAddress(), process.offsets(), frames);
        sink = this::record;
    }

    private void record(ThreadView t) {
        int thread = profile.threadIndex(t.nativeThreadId());
        if (thread < 0) {
            thread = profile.addThread(t.nativeThreadId(), t.threadId(), "t", false);
        }
        profile.add(thread, t.frames(), t.depth(), t.truncated(), 0);
    }

    @TearDown(Level.Trial)
    public void stop() {
        System.out.println("\nwalker: " + walker.stats().samples() + " samples, " + walker.stats().threadStacks()
                + " thread stacks, " + walker.stats().retries() + " re-reads, "
                + walker.stats().bytesRead() / Math.max(1, walker.stats().samples()) + " bytes read per sample, errors "
                + walker.stats().snapshot());
        process.close();
        live.close();
    }

    @Benchmark
    public int sampleAllThreads() {
        return walker.sample(sink);
    }
}
