package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemorySnapshot;
import io.pysample.memory.ProcessInfo;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A walk of a live target recorded through a {@link io.pysample.memory.RecordingReader}, saved with its metadata,
 * reloaded after the target was killed and walked again, gives the same stacks, which match the target's own view.
 */
class SnapshotReplayTest {
    @TempDir
    Path dir;

    static Stream<Arguments> targets() {
        return TestPythons.supported().flatMap(v -> Stream.of(
                Arguments.of(v, "names_and_strings.py", new String[0]),
                Arguments.of(v, "deep_recursion.py", new String[] {"2000"})));
    }

    @ParameterizedTest(name = "CPython {0} {1}")
    @MethodSource("targets")
    void aSavedSnapshotReplaysTheLiveStacksAfterTheTargetIsGone(String version, String workload, String[] args)
            throws Exception {
        SnapshotRecorder.Recording recording;
        GroundTruth truth;
        int pid;
        try (PythonChild child = GroundTruth.launch(version, dir, List.of(), workload, args)) {
            truth = GroundTruth.await(child, dir);
            pid = child.pid();
            recording = SnapshotRecorder.record(pid);
            child.kill();
        }
        assertThat(ProcessInfo.exists(pid)).as("target killed").isFalse();
        Map<Long, SnapshotRecorder.ThreadStack> live = recording.stacks();
        assertThat(live).hasSize(truth.root.get("thread_count").asInt());
        for (GroundTruth.TruthThread t : truth.threads) {
            SnapshotRecorder.ThreadStack s = live.values().stream().filter(x -> x.threadId() == t.ident())
                    .findFirst().orElseThrow(() -> new AssertionError("live walk missed " + t.name()));
            assertThat(GroundTruth.render(s.frames())).as("live stack of %s", t.name())
                    .containsExactlyElementsOf(t.frames());
        }

        Path file = dir.resolve("walk.pysnap");
        recording.snapshot().save(file);
        MemorySnapshot loaded = MemorySnapshot.load(file);
        assertThat(loaded.pid()).isEqualTo(pid);
        assertThat(loaded.metadata()).containsEntry(SnapshotRecorder.PYTHON, version)
                .containsKeys(SnapshotRecorder.PYTHON_VERSION, SnapshotRecorder.RUNTIME_ADDRESS);
        assertThat(loaded.metadata().get(SnapshotRecorder.PYTHON_VERSION)).startsWith(version + ".");

        Map<Long, SnapshotRecorder.ThreadStack> replayed = SnapshotRecorder.replay(loaded,
                PythonStackWalker.DEFAULT_MAX_DEPTH);
        assertThat(replayed).as("replayed stacks").containsExactlyEntriesOf(live);
    }
}
