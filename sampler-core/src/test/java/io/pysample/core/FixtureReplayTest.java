package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemorySnapshot;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks of real CPython 3.13/3.14/3.15 processes, checked in as fixtures
 * ({@code src/test/resources/io/pysample/core/fixtures/}: the memory a walk read, as a {@link MemorySnapshot}, and
 * the target's own report of its threads' stacks), replayed without any CPython installed. A replay must give
 * exactly the stacks the target reported.
 *
 * <p>To record them anew (after a change to what the walker reads, or a new CPython): run this class with
 * {@code -Dpysample.updateFixtures=true} on a machine with the test CPythons, and commit the files.
 */
class FixtureReplayTest {
    static final String UPDATE = "pysample.updateFixtures";
    private static final String DIR = "io/pysample/core/fixtures/";
    /** Threads parked in chains of 1-4 distinct functions (see {@code workloads/thread_chains.py}). */
    private static final String CHAINS = "6";

    @TempDir
    Path dir;

    private static String name(String version) {
        return "thread_chains-" + version;
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void aCheckedInWalkReplaysTheTargetsOwnStacks(String version) throws Exception {
        MemorySnapshot snapshot;
        GroundTruth truth;
        try (InputStream snap = resource(name(version) + ".pysnap");
                InputStream json = resource(name(version) + ".truth.json")) {
            Path copy = dir.resolve("walk.pysnap");
            Files.write(copy, snap.readAllBytes());
            snapshot = MemorySnapshot.load(copy);
            truth = GroundTruth.of(new ObjectMapper().readTree(json));
        }
        assertThat(snapshot.metadata().get(SnapshotRecorder.PYTHON_VERSION)).startsWith(version + ".");

        Map<Long, SnapshotRecorder.ThreadStack> replayed = SnapshotRecorder.replay(snapshot,
                PythonStackWalker.DEFAULT_MAX_DEPTH);

        assertThat(replayed).as("threads replayed (none or too few: the walker now reads memory the fixture lacks; "
                + "record it anew with -D%s=true)", UPDATE).hasSize(truth.root.get("thread_count").asInt());
        for (GroundTruth.TruthThread t : truth.threads) {
            SnapshotRecorder.ThreadStack s = replayed.values().stream().filter(x -> x.threadId() == t.ident())
                    .findFirst().orElseThrow(() -> new AssertionError("replay missed thread " + t.name()));
            assertThat(s.nativeThreadId()).as("native id of %s", t.name()).isEqualTo(t.nativeId());
            assertThat(GroundTruth.render(s.frames())).as("stack of %s", t.name())
                    .containsExactlyElementsOf(t.frames());
        }
    }

    /** Records the fixtures anew from live processes (only with {@code -Dpysample.updateFixtures=true}). */
    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    @EnabledIfSystemProperty(named = UPDATE, matches = "true")
    void recordFixtures(String version) throws Exception {
        Path target = Path.of(System.getProperty("basedir", "."), "src/test/resources", DIR);
        Files.createDirectories(target);
        TestPythons.require(version);
        try (PythonChild child = GroundTruth.launch(version, dir, List.of(), "thread_chains.py", CHAINS)) {
            GroundTruth.await(child, dir);
            SnapshotRecorder.Recording recording = SnapshotRecorder.record(child.pid());
            recording.snapshot().save(target.resolve(name(version) + ".pysnap"));
            Files.copy(GroundTruth.truthFile(dir), target.resolve(name(version) + ".truth.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = FixtureReplayTest.class.getResourceAsStream("/" + DIR + file);
        if (in == null) {
            throw new IOException("fixture " + DIR + file + " is missing: run with -D" + UPDATE + "=true");
        }
        return in;
    }
}
