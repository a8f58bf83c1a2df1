package io.pysample.bench;

import io.pysample.core.walk.LineTable;
import java.util.HexFormat;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a line from a real location table: the {@code co_linetable} of a generated function of LINES lines,
 * compiled by CPython 3.14 ({@code linetable.py} prints it), looked up at random instructions. This is the cost of
 * a frame-cache miss; hits are memoised per code object.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LineTableBenchmark {
    @Param({"50", "3000"})
    public int lines;

    private byte[] table;
    private int firstLine;
    private int units;
    private int[] probes;
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        try (LiveTarget t = LiveTarget.start("3.14", "linetable.py", Integer.toString(lines))) {
            String[] parts = t.readyLine().split(" ");
            firstLine = Integer.parseInt(parts[1]);
            units = Integer.parseInt(parts[2]);
            table = HexFormat.of().parseHex(parts[3]);
        }
        SplittableRandom r = new SplittableRandom(12345);
        probes = new int[1024];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = r.nextInt(units);
        }
    }

    @Benchmark
    public int lookup() {
        int unit = probes[next++ & 1023];
        return LineTable.lineFor(table, table.length, firstLine, unit);
    }
}
