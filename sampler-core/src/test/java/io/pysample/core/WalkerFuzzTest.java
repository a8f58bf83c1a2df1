package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.AttachException;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.walk.DropReason;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemorySnapshot;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the walker with mutated memory snapshots of real CPython processes: random bytes, pointers into other
 * recorded regions (cycles, aliasing), huge and negative lengths, zeroed words and truncated regions, in thread
 * states, frames, stack chunks, code objects, strings and line tables alike (every region the real walk read), plus
 * mutated {@code _Py_DebugOffsets} tables for the attach path.
 *
 * <p>Pass: no exception escapes, the walker never needs its internal-fault safety net, every walk ends within its
 * bounds (frames per thread, time), and every dropped stack is counted with a reason. The default run is
 * {@value #DEFAULT_WALKS} mutated walks over the three versions; for a longer local run:
 * {@code mvn -q test -pl sampler-core -am -Dtest=WalkerFuzzTest -Dpysample.fuzz.walks=3000000
 * -Dsurefire.failIfNoSpecifiedTests=false} (add {@code -Dpysample.fuzz.seed=N} to replay a seed).
 */
class WalkerFuzzTest {
    static final int DEFAULT_WALKS = 100_000;
    private static final int MAX_DEPTH = 256;
    /** A walk of mutated memory must end long before this: it only guards against loops. */
    private static final long MAX_WALK_MILLIS = 2_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void mutatedSnapshotsAreWalkedSafely(String version) throws Exception {
        int walks = Integer.getInteger("pysample.fuzz.walks", DEFAULT_WALKS) / TestPythons.SUPPORTED.size();
        long seed = Long.getLong("pysample.fuzz.seed", version.hashCode());
        MemorySnapshot snapshot = SnapshotRecorder.recordParkedThreads(version, dir);
        long runtime = SnapshotRecorder.runtimeAddress(snapshot);
        DebugOffsets offsets = PythonProcess.readOffsets(snapshot, runtime);
        Mutator mutator = new Mutator(snapshot, runtime, new SplittableRandom(seed));

        Map<DropReason, Long> errors = new EnumMap<>(DropReason.class);
        long reported = 0;
        long slowest = 0;
        String slowestWhat = "";
        int offsetTables = 0;
        int refused = 0;
        for (int i = 0; i < walks; i++) {
            boolean table = i % 10 == 9;
            mutator.mutate(table);
            try {
                if (table) {
                    offsetTables++;
                    try {
                        PythonProcess.readOffsets(snapshot, runtime);
                    } catch (AttachException expected) {
                        refused++; // a clear refusal is the right answer to a corrupt table
                    }
                } else {
                    PythonStackWalker walker = new PythonStackWalker(snapshot, runtime, offsets, new FrameTable(),
                            MAX_DEPTH);
                    long t0 = System.nanoTime();
                    int[] deepest = new int[1];
                    reported += walker.sample(v -> deepest[0] = Math.max(deepest[0], v.depth()));
                    long took = System.nanoTime() - t0;
                    if (took > slowest) {
                        slowest = took;
                        slowestWhat = "walk " + i + ": " + mutator.last;
                    }
                    assertThat(deepest[0]).as("seed %d walk %d", seed, i).isLessThanOrEqualTo(MAX_DEPTH);
                    walker.stats().dropsByReason().forEach((k, v) -> errors.merge(k, v, Long::sum));
                    if (walker.stats().firstFault() != null) {
                        throw new AssertionError("seed " + seed + " walk " + i + " (" + mutator.last
                                + "): internal fault", walker.stats().firstFault());
                    }
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " walk " + i + " (" + mutator.last + ") threw", e);
            } finally {
                mutator.undo();
            }
        }
        System.out.printf("fuzz %s: %d walks, %d thread stacks reported, dropped %s, %d/%d corrupt tables "
                + "refused, slowest walk %d us (%s)%n", version, walks, reported, errors, refused, offsetTables,
                TimeUnit.NANOSECONDS.toMicros(slowest), slowestWhat);
        assertThat(errors).as("the safety net was never needed").doesNotContainKey(DropReason.INTERNAL_FAULT);
        assertThat(errors.values().stream().mapToLong(Long::longValue).sum()).as("mutations were noticed")
                .isPositive();
        assertThat(reported).as("unharmed threads were still reported").isPositive();
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).isLessThan(MAX_WALK_MILLIS);
        assertThat(SnapshotRecorder.replay(snapshot, MAX_DEPTH)).as("undo restored the snapshot").isNotEmpty();
    }

    /** Applies 1-4 random mutations to the snapshot's regions in place and undoes them. */
    static final class Mutator {
        private final MemorySnapshot snapshot;
        private final long runtime;
        private final SplittableRandom random;
        private final List<Long> starts;
        private final List<Object[]> undo = new ArrayList<>();
        String last = "";

        Mutator(MemorySnapshot snapshot, long runtime, SplittableRandom random) {
            this.snapshot = snapshot;
            this.runtime = runtime;
            this.random = random;
            this.starts = new ArrayList<>(snapshot.regions().keySet());
        }

        void mutate(boolean offsetsTable) {
            StringBuilder what = new StringBuilder();
            int n = 1 + random.nextInt(4);
            for (int k = 0; k < n; k++) {
                long start = offsetsTable ? snapshot.regions().floorKey(runtime)
                        : starts.get(random.nextInt(starts.size()));
                byte[] region = snapshot.regions().get(start);
                if (region.length < 8) {
                    continue;
                }
                int at = offsetsTable ? (int) (runtime - start) + 8 * random.nextInt(Math.min(111,
                        (region.length - (int) (runtime - start)) / 8)) : random.nextInt(region.length - 7) & ~7;
                int kind = random.nextInt(offsetsTable ? 4 : 6);
                undo.add(new Object[] {start, region});
                byte[] copy = region.clone();
                switch (kind) {
                    case 0: // random bytes
                        copy[at + random.nextInt(8)] = (byte) random.nextInt(256);
                        what.append("byte@").append(at);
                        break;
                    case 1: // a pointer into another recorded region: cycles and aliasing
                        long target = starts.get(random.nextInt(starts.size()));
                        LittleEndian.putI64(copy, at, target + (random.nextInt(64) & ~7));
                        what.append("pointer@").append(at);
                        break;
                    case 2: // huge or negative lengths and counts
                        long[] huge = {-1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, 0x7FFF_FFFFL, 1L << 31,
                            random.nextLong()};
                        LittleEndian.putI64(copy, at, huge[random.nextInt(huge.length)]);
                        what.append("huge@").append(at);
                        break;
                    case 3: // zeroed word (NULL pointers, zero sizes)
                        LittleEndian.putI64(copy, at, 0);
                        what.append("zero@").append(at);
                        break;
                    case 4: // a pointer to itself or just behind: immediate cycles
                        LittleEndian.putI64(copy, at, start + at - 8 * random.nextInt(3));
                        what.append("self@").append(at);
                        break;
                    default: // truncated region
                        copy = java.util.Arrays.copyOf(copy, random.nextInt(region.length));
                        what.append("truncate@").append(copy.length);
                        break;
                }
                snapshot.regions().put(start, copy);
                what.append(" in 0x").append(Long.toHexString(start)).append(' ');
            }
            last = what.toString();
        }

        /**
         * Runs {@code reads} reads, each of the snapshot with fresh mutations that are undone after it. {@code read}
         * does read {@code i} with its own checks and says whether the result differs from the unmutated one. Fails
         * if a read throws (naming the seed, the read and its mutations), if no mutation was ever noticed, or if a
         * read (with its checks) took {@code maxMillis} or more. Prints a summary line for {@code what}.
         */
        void fuzz(String what, int reads, long seed, long maxMillis, IntPredicate read) {
            int changed = 0;
            long slowest = 0;
            for (int i = 0; i < reads; i++) {
                mutate(false);
                try {
                    long t0 = System.nanoTime();
                    if (read.test(i)) {
                        changed++;
                    }
                    slowest = Math.max(slowest, System.nanoTime() - t0);
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + " read " + i + " (" + last + ") threw", e);
                } finally {
                    undo();
                }
            }
            System.out.printf("%s fuzz: %d reads, %d changed by the mutations, slowest %d us%n", what, reads, changed,
                    TimeUnit.NANOSECONDS.toMicros(slowest));
            assertThat(changed).as("mutations were noticed").isPositive();
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).isLessThan(maxMillis);
        }

        void undo() {
            for (int i = undo.size() - 1; i >= 0; i--) {
                snapshot.regions().put((Long) undo.get(i)[0], (byte[]) undo.get(i)[1]);
            }
            undo.clear();
        }
    }
}
