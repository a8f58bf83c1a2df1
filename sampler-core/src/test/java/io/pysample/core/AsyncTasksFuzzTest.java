package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.asyncio.AsyncSnapshot;
import io.pysample.core.asyncio.AsyncTask;
import io.pysample.core.asyncio.AsyncTaskReader;
import io.pysample.core.asyncio.AsyncioOffsets;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.walk.CodeLookup;
import io.pysample.core.walk.FrameTable;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.MemorySnapshot;
import io.pysample.memory.ProcessInfo;
import io.pysample.memory.RecordingReader;
import io.pysample.testsupport.AsyncioTree;
import io.pysample.testsupport.PythonChild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the asyncio tasks of mutated memory snapshots of a real CPython 3.14 process ({@code asyncio_tree.py}
 * with 100 more tasks; every region a full read and a running-only read touched), with {@link WalkerFuzzTest}'s
 * mutations. Half the reads use one long-lived reader, whose speculative task-list copies and name cache then
 * meet changed memory. Pass: no exception escapes, every read ends within its bounds, the mutations were noticed,
 * and the unmutated snapshot reads as the live process did. Longer run: {@code -Dpysample.fuzz.asyncio=100000}.
 */
class AsyncTasksFuzzTest {
    static final int DEFAULT_READS = 3_000;
    /** A read of mutated memory must end long before this: it only guards against loops. */
    private static final long MAX_READ_MILLIS = 5_000;

    @TempDir
    Path dir;

    @Test
    void mutatedSnapshotsAreReadSafely() throws Exception {
        MemorySnapshot snapshot;
        long runtime;
        AsyncioOffsets asyncio;
        List<String> expected;
        try (PythonChild child = AsyncioTree.start("3.14", dir, 100)) {
            ProcessInfo info = new ProcessInfo(child.pid());
            RecordingReader recorder = new RecordingReader(MemoryBackend.AUTO.open(child.pid()));
            try (PythonProcess target = PythonProcess.attach(info, recorder, info.exe(), info.commandLine())) {
                runtime = target.runtimeAddress();
                asyncio = AsyncioOffsets.locate(target);
                FrameTable frames = new FrameTable();
                AsyncTaskReader live = new AsyncTaskReader(target, asyncio, new CodeLookup(recorder,
                        target.offsets(), frames));
                live.readRunning();
                expected = summary(live.read(), frames);
                snapshot = recorder.toMemorySnapshot(Map.of(SnapshotRecorder.RUNTIME_ADDRESS,
                        "0x" + Long.toHexString(runtime)));
            }
        }
        assertThat(expected).hasSize(107);
        DebugOffsets offsets = PythonProcess.readOffsets(snapshot, runtime);
        FrameTable frames = new FrameTable();
        AsyncTaskReader longLived = new AsyncTaskReader(snapshot, runtime, offsets, asyncio, new CodeLookup(snapshot,
                offsets, frames));
        assertThat(summary(longLived.read(), frames)).as("replayed").isEqualTo(expected);

        int reads = Integer.getInteger("pysample.fuzz.asyncio", DEFAULT_READS);
        long seed = Long.getLong("pysample.fuzz.seed", 314);
        WalkerFuzzTest.Mutator mutator = new WalkerFuzzTest.Mutator(snapshot, runtime, new SplittableRandom(seed));
        int changed = 0;
        long slowest = 0;
        for (int i = 0; i < reads; i++) {
            mutator.mutate(false);
            try {
                AsyncTaskReader reader = i % 2 == 0 ? longLived : new AsyncTaskReader(snapshot, runtime, offsets,
                        asyncio, new CodeLookup(snapshot, offsets, frames));
                long t0 = System.nanoTime();
                AsyncSnapshot got = i % 4 == 1 ? reader.readRunning() : reader.read();
                slowest = Math.max(slowest, System.nanoTime() - t0);
                if (i % 4 != 1 && !summary(got, frames).equals(expected)) {
                    changed++;
                }
                assertThat(got.tasks().size()).isLessThanOrEqualTo(AsyncTaskReader.MAX_TASKS * 2);
                for (AsyncTask t : got.tasks().values()) {
                    assertThat(t.frames().length).isLessThanOrEqualTo(AsyncTaskReader.MAX_CHAIN);
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " read " + i + " (" + mutator.last + ") threw", e);
            } finally {
                mutator.undo();
            }
        }
        System.out.printf("asyncio fuzz: %d reads, %d changed by the mutations, slowest %d us%n", reads, changed,
                TimeUnit.NANOSECONDS.toMicros(slowest));
        assertThat(changed).as("mutations were noticed").isPositive();
        assertThat(TimeUnit.NANOSECONDS.toMillis(slowest)).isLessThan(MAX_READ_MILLIS);
        assertThat(summary(longLived.read(), frames)).as("undo restored the snapshot").isEqualTo(expected);
    }

    /** Each task as "name: frames <- awaiter names", in list order. */
    private static List<String> summary(AsyncSnapshot snap, FrameTable frames) {
        List<String> out = new ArrayList<>();
        for (AsyncTask t : snap.tasks().values()) {
            List<String> fs = Arrays.stream(t.frames()).mapToObj(id -> frames.get(id).function()).toList();
            List<String> aw = Arrays.stream(t.awaitedBy()).mapToObj(a -> {
                AsyncTask p = snap.tasks().get(a);
                return p == null ? "?" : p.name();
            }).toList();
            out.add(t.name() + ": " + fs + " <- " + aw);
        }
        return out;
    }
}
