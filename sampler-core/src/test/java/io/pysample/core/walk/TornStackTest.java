package io.pysample.core.walk;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a <i>first</i> read of a torn stack gives ({@link TornStack}, no re-reads): the target
 * ({@code workloads/alternating_chains.py}) switches between the call chains {@code a_top → a_mid → a_leaf} and
 * {@code b_top → b_mid → b_leaf} under {@code run} as fast as it can. Every stack kept must be a prefix of one real
 * chain read root first — {@code <module>}, {@code run}, then frames of one chain in call order — and an incomplete
 * one ends in {@code <partial>}; some torn reads must have been kept rather than dropped.
 */
class TornStackTest {
    static final long SAMPLES = 100_000;
    /**
     * Samples taken at most while no torn read was kept yet. Torn reads need the target to run while it is read: on
     * a busy 2-core machine some runs (target and sampler sharing a CPU, it seems) kept only 7 to 27 partial stacks in
     * 100,000 samples instead of thousands, too few for "some were kept" to be safe without more samples.
     */
    static final long MAX_SAMPLES = 20 * SAMPLES;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void keptStacksAreRealChains(String version) throws Exception {
        try (PythonChild child = PythonChild.runWorkload(getClass(), TestPythons.require(version), dir,
                "alternating_chains.py", "600")) { // killed when done
            child.awaitLine("READY");
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                FrameTable frames = new FrameTable();
                PythonStackWalker walker = new PythonStackWalker(target.memory(), target.runtimeAddress(),
                        target.offsets(), frames);
                walker.threadRetries(0);
                List<String> bad = new ArrayList<>();
                long[] partial = {0};
                for (long i = 0; i < SAMPLES || (partial[0] == 0 && i < MAX_SAMPLES); i++) {
                    walker.sample(v -> {
                        List<String> names = new ArrayList<>();
                        for (int k = v.depth() - 1; k >= 0; k--) { // root first
                            names.add(frames.get(v.frames()[k]).function());
                        }
                        if (v.partial()) {
                            partial[0]++;
                        }
                        if (!isChainPrefix(names, v.partial()) && bad.size() < 10) {
                            bad.add(names.toString());
                        }
                    });
                }
                WalkStats stats = walker.stats();
                System.out.printf("torn stacks, CPython %s: %d stacks, %d partial, %d dropped%n", version,
                        stats.threadStacks(), stats.partialStacks(), stats.totalErrors());
                if (stats.firstFault() != null) {
                    stats.firstFault().printStackTrace(System.out);
                }
                assertThat(stats.firstFault()).as("internal faults").isNull();
                assertThat(bad).as("stacks that no moment of the target had").isEmpty();
                assertThat(partial[0]).isEqualTo(stats.partialStacks());
                assertThat(stats.partialStacks() + stats.retries()).as("torn reads seen").isPositive();
                assertThat(stats.totalErrors()).as("dropped stacks")
                        .isLessThan(Math.max(50, stats.threadStacks() / 100));
            }
        }
    }

    /** {@code <module>, run[, x_top[, x_mid[, x_leaf]]]} for one x, then {@code <partial>} iff partial. */
    static boolean isChainPrefix(List<String> rootFirst, boolean partial) {
        List<String> names = new ArrayList<>(rootFirst);
        if (partial != (!names.isEmpty() && names.get(names.size() - 1).equals(PythonStackWalker.PARTIAL_FRAME))) {
            return false;
        }
        if (partial) {
            names.remove(names.size() - 1);
        }
        if (names.isEmpty() || !names.get(0).equals("<module>")) {
            return false;
        }
        List<String> rest = names.subList(1, names.size());
        if (rest.isEmpty()) {
            return partial;
        }
        if (!rest.get(0).equals("run")) {
            return false;
        }
        List<String> chain = rest.subList(1, rest.size());
        if (chain.isEmpty()) {
            return true;
        }
        String x = chain.get(0).substring(0, 1);
        List<String> expected = List.of(x + "_top", x + "_mid", x + "_leaf");
        return chain.size() <= 3 && chain.equals(expected.subList(0, chain.size()));
    }
}
