package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.objects.ThreadingActive;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.memory.MemorySnapshot;
import io.pysample.testsupport.PythonChild;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads {@code threading._active} from mutated memory snapshots of a real CPython 3.13 process
 * ({@code workloads/thread_names.py}; every region the read touched: {@code sys.modules}, the module, its dict,
 * {@code _active}, the {@code Thread}s, their dicts, inline values, shared keys and names), with
 * {@link WalkerFuzzTest}'s mutations (random bytes, pointers into other regions, huge lengths, zeroed words, self
 * pointers, truncated regions). Pass: no exception escapes, every read ends within its bounds, the mutations were
 * noticed, and the unmutated snapshot gives the target's own names. Longer run:
 * {@code -Dpysample.fuzz.names=1000000}.
 */
class ThreadNamesFuzzTest {
    static final int DEFAULT_READS = 20_000;
    /** A read of mutated memory must end long before this: it only guards against loops. */
    private static final long MAX_READ_MILLIS = 2_000;

    @TempDir
    Path dir;

    @Test
    void mutatedSnapshotsAreReadSafely() throws Exception {
        SnapshotRecorder.Recorded<Map<Long, ThreadingActive.PythonThread>> recorded;
        try (PythonChild child = ThreadNamesTest.start("3.13", dir)) {
            List<ThreadNamesTest.Truth> truth = ThreadNamesTest.truth(child);
            recorded = SnapshotRecorder.record(child.pid(),
                    target -> new ThreadingActive(target.memory(), target.runtimeAddress(), target.offsets()).read());
            for (ThreadNamesTest.Truth t : truth) {
                if (t.known()) {
                    assertThat(recorded.result().get(t.ident())).as("live read of %s", t.name())
                            .isEqualTo(new ThreadingActive.PythonThread(t.nativeId(), ThreadNamesTest.shown(t.name())));
                }
            }
        }
        MemorySnapshot snapshot = recorded.snapshot();
        Map<Long, ThreadingActive.PythonThread> expected = recorded.result();
        long runtime = SnapshotRecorder.runtimeAddress(snapshot);
        DebugOffsets offsets = PythonProcess.readOffsets(snapshot, runtime);
        assertThat(new ThreadingActive(snapshot, runtime, offsets).read()).as("replayed").isEqualTo(expected);

        int reads = Integer.getInteger("pysample.fuzz.names", DEFAULT_READS);
        long seed = Long.getLong("pysample.fuzz.seed", 313);
        WalkerFuzzTest.Mutator mutator = new WalkerFuzzTest.Mutator(snapshot, runtime, new SplittableRandom(seed));
        ThreadingActive longLived = new ThreadingActive(snapshot, runtime, offsets); // keeps its cached _active
        mutator.fuzz("thread-names", reads, seed, MAX_READ_MILLIS, i -> {
            ThreadingActive reader = i % 2 == 0 ? longLived : new ThreadingActive(snapshot, runtime, offsets);
            Map<Long, ThreadingActive.PythonThread> got = reader.read();
            assertThat(got.size()).isLessThanOrEqualTo(expected.size() + ThreadingActive.MAX_VISITS);
            got.values().forEach(t -> assertThat(t.name().codePointCount(0, t.name().length()))
                    .isLessThanOrEqualTo(ThreadingActive.MAX_NAME + 1));
            return !got.equals(expected);
        });
        assertThat(longLived.read()).as("undo restored the snapshot").isEqualTo(expected);
    }
}
