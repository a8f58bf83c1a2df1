package io.pysample.bench;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.objects.ThreadingActive;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.MemoryReader;
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
 * One read of a live CPython 3.13 target's {@code threading._active} with every thread's name
 * ({@link ThreadingActive#read()}, with its {@code _active} address already known): what {@code ThreadNames} pays
 * when it meets a thread it does not know. Targets: {@code threads.py} (17 threads) and {@code many_threads.py}
 * (~360 live threads). Setup prints how many reads of target memory one read makes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ThreadNamesBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ThreadNamesBenchmark {
    @Param({"threads.py", "many_threads.py"})
    public String target;

    private LiveTarget live;
    private PythonProcess process;
    private ThreadingActive active;

    @Setup(Level.Trial)
    public void start() throws Exception {
        live = LiveTarget.start("3.13", target);
        process = PythonProcess.attach(live.pid(), MemoryBackend.AUTO);
        active = new ThreadingActive(process.memory(), process.runtimeAddress(), process.offsets());
        active.read(); // finds and keeps the _active address
        long[] reads = new long[1];
        MemoryReader counting = new MemoryReader() {
            @Override
            public int pid() {
                return process.memory().pid();
            }

            @Override
            public String backendName() {
                return process.memory().backendName();
            }

            @Override
            public int read(long address, byte[] dst, int offset, int length) {
                reads[0]++;
                return process.memory().read(address, dst, offset, length);
            }

            @Override
            public void close() {
            }
        };
        ThreadingActive counted = new ThreadingActive(counting, process.runtimeAddress(), process.offsets());
        counted.read();
        reads[0] = 0;
        int named = counted.read().size();
        System.out.println("\n" + named + " threads named, " + reads[0] + " reads of target memory per read");
    }

    @TearDown(Level.Trial)
    public void stop() {
        process.close();
        live.close();
    }

    @Benchmark
    public int readActive() {
        return active.read().size();
    }
}
