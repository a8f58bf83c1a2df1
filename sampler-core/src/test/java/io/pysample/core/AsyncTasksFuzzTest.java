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
import io.pysample.memory.MemorySnapshot;
import io.pysample.testsupport.AsyncioTree;
import io.pysample.testsupport.PythonChild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
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
        SnapshotRecorder.Recorded<Live> recorded;
        try (PythonChild child = AsyncioTree.start("3.14", dir, 100)) {
            recorded = SnapshotRecorder.record(child.pid(), target -> {
                AsyncioOffsets asyncio = AsyncioOffsets.locate(target);
                FrameTable frames = new FrameTable();
                AsyncTaskReader live = new AsyncTaskReader(target, asyncio, new CodeLookup(target.memory(),
                        target.offsets(), frames));
                live.readRunning();
                return new Live(asyncio, summary(live.read(), frames));
            });
        }
        MemorySnapshot snapshot = recorded.snapshot();
        AsyncioOffsets asyncio = recorded.result().asyncio();
        List<String> expected = recorded.result().summary();
        assertThat(expected).hasSize(107);
        long runtime = SnapshotRecorder.runtimeAddress(snapshot);
        DebugOffsets offsets = PythonProcess.readOffsets(snapshot, runtime);
        FrameTable frames = new FrameTable();
        AsyncTaskReader longLived = new AsyncTaskReader(snapshot, runtime, offsets, asyncio, new CodeLookup(snapshot,
                offsets, frames));
        assertThat(summary(longLived.read(), frames)).as("replayed").isEqualTo(expected);

        int reads = Integer.getInteger("pysample.fuzz.asyncio", DEFAULT_READS);
        long seed = Long.getLong("pysample.fuzz.seed", 314);
        WalkerFuzzTest.Mutator mutator = new WalkerFuzzTest.Mutator(snapshot, runtime, new SplittableRandom(seed));
        mutator.fuzz("asyncio", reads, seed, MAX_READ_MILLIS, i -> {
            AsyncTaskReader reader = i % 2 == 0 ? longLived : new AsyncTaskReader(snapshot, runtime, offsets,
                    asyncio, new CodeLookup(snapshot, offsets, frames));
            AsyncSnapshot got = i % 4 == 1 ? reader.readRunning() : reader.read();
            assertThat(got.tasks().size()).isLessThanOrEqualTo(AsyncTaskReader.MAX_TASKS * 2);
            for (AsyncTask t : got.tasks().values()) {
                assertThat(t.frames().length).isLessThanOrEqualTo(AsyncTaskReader.MAX_CHAIN);
            }
            return i % 4 != 1 && !summary(got, frames).equals(expected);
        });
        assertThat(summary(longLived.read(), frames)).as("undo restored the snapshot").isEqualTo(expected);
    }

    /** What the live process's reads gave: its asyncio offsets and the task summary. */
    private record Live(AsyncioOffsets asyncio, List<String> summary) {
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
