package io.pysample.bench;

import io.pysample.memory.MemoryBackend;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ReadBatch;
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
 * Reading N regions of 64 bytes scattered over 64 KiB of a live CPython process: N separate reads, one batched read
 * (one {@code process_vm_readv} with N iovecs), and, for scale, one contiguous read covering all of them. Per backend.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ReadBenchmark} (needs
 * {@code scripts/install-pythons.sh 3.14}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadBenchmark {
    @Param({"PROCESS_VM_READV", "PROC_PID_MEM"})
    public MemoryBackend backend;

    @Param({"16"})
    public int regions;

    private LiveTarget target;
    private MemoryReader reader;
    private long base;
    private final byte[] dst = new byte[64 * 1024];
    private final ReadBatch batch = new ReadBatch(64, 64 * 1024);

    @Setup(Level.Trial)
    public void start() throws Exception {
        target = LiveTarget.start("3.14", "buffer.py");
        base = Long.decode(target.readyLine().split(" ")[1]);
        reader = backend.open(target.pid());
    }

    @TearDown(Level.Trial)
    public void stop() {
        reader.close();
        target.close();
    }

    private long region(int i) {
        return base + (long) i * (65536 / regions);
    }

    @Benchmark
    public int separateReads() {
        int n = 0;
        for (int i = 0; i < regions; i++) {
            n += reader.read(region(i), dst, i * 64, 64);
        }
        return n;
    }

    @Benchmark
    public int batchedRead() {
        batch.clear();
        for (int i = 0; i < regions; i++) {
            batch.add(region(i), 64);
        }
        reader.read(batch);
        return batch.validLength(regions - 1);
    }

    @Benchmark
    public int oneContiguousRead() {
        return reader.read(base, dst, 0, 65536);
    }
}
