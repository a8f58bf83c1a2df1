package io.pysample.bench;

import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.walk.FrameTable;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Inserting a 50-frame stack sample into the stack trie, drawn from 1,000 distinct stacks (the steady state). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProfileBenchmark {
    private Profile profile;
    private int[][] stacks;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        FrameTable frames = new FrameTable();
        for (int i = 0; i < 500; i++) {
            frames.intern("f" + i, "file.py", i, 1);
        }
        profile = new Profile(frames, ProfileOptions.DEFAULT);
        profile.addThread(1, 1, "main", true);
        SplittableRandom r = new SplittableRandom(12345);
        stacks = new int[1000][50];
        for (int[] s : stacks) {
            for (int j = 0; j < s.length; j++) {
                s[j] = j < 40 ? j : r.nextInt(500); // shared roots, varied leaves
            }
        }
    }

    @Benchmark
    public long add() {
        int[] s = stacks[next++ % stacks.length];
        profile.add(0, s, s.length, false, 0);
        return profile.totalCount();
    }
}
