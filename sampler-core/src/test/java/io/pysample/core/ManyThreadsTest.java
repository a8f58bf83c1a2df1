package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 100 threads, each parked in its own chain of distinct functions ({@code workloads/thread_chains.py}), plus the
 * main thread: one {@link StackDumper#dump} reads every one of them correctly.
 */
class ManyThreadsTest {
    static final int THREADS = 100;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void oneDumpReadsAHundredThreads(String version) throws Exception {
        try (PythonChild child = GroundTruth.launch(version, dir, List.of(), "thread_chains.py",
                String.valueOf(THREADS))) {
            GroundTruth truth = GroundTruth.await(child, dir);
            assertThat(truth.threads).hasSize(THREADS + 1);

            StackDump dump;
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
            }
            truth.assertDumpMatches(dump);
            assertChains(dump, truth);
        }
    }

    /** Thread kette-i is in kette_i_1 → … → kette_i_(1 + i % 4), innermost first as the dump lists it. */
    static void assertChains(StackDump dump, GroundTruth truth) {
        Set<String> leaves = new HashSet<>();
        for (GroundTruth.TruthThread t : truth.threads) {
            if (!t.name().startsWith("kette-")) {
                continue;
            }
            int i = Integer.parseInt(t.name().substring("kette-".length()));
            ThreadDump d = GroundTruth.find(dump, t);
            List<String> expected = new ArrayList<>();
            for (int k = 1 + i % 4; k >= 1; k--) {
                expected.add("kette_" + i + "_" + k);
            }
            assertThat(d.frames().subList(0, expected.size())).extracting(f -> f.function())
                    .as("chain of %s", t.name()).containsExactlyElementsOf(expected);
            leaves.add(d.frames().get(0).function());
        }
        assertThat(leaves).as("distinct leaf functions").hasSize((int) truth.threads.stream()
                .filter(t -> t.name().startsWith("kette-")).count());
    }
}
