package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.offsets.DebugOffsets;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A thread parked 2,000 calls deep ({@code workloads/deep_recursion.py}): its frames fill many 16 KiB data-stack
 * chunks, and the walker must follow them all to the thread's entry point, or, with a depth limit, keep exactly
 * the innermost frames and say the stack was truncated. In the {@code via-c} variant every level calls the next
 * through C ({@code sorted(key=...)}), so 1,000 entry frames, which live on the thread's C stack, are interleaved
 * with the 2,000 Python frames.
 */
class DeepRecursionTest {
    static final int DEPTH = 2000;
    static final int LIMIT = 100;

    @TempDir
    Path dir;

    static Stream<Arguments> targets() {
        return TestPythons.supported().flatMap(v -> Stream.of(Arguments.of(v, "direct"), Arguments.of(v, "via-c")));
    }

    @ParameterizedTest(name = "CPython {0} {1}")
    @MethodSource("targets")
    void theWholeDeepStackIsReadAndALimitKeepsTheInnermostFrames(String version, String mode) throws Exception {
        boolean viaC = mode.equals("via-c");
        int levels = viaC ? DEPTH / 2 : DEPTH; // via C, each level is two Python frames (über_c and its lambda)
        try (PythonChild child = GroundTruth.launch(version, dir, List.of(), "deep_recursion.py",
                String.valueOf(levels), mode)) {
            GroundTruth truth = GroundTruth.await(child, dir);
            GroundTruth.TruthThread deep = truth.thread("tief");
            // boden + DEPTH recursive frames + tief + Thread.run/_bootstrap_inner/_bootstrap
            assertThat(deep.frames()).hasSize(DEPTH + 5 - (viaC ? 1 : 0));

            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThat(dataStackChunks(target, deep.ident())).as("data-stack chunks of the deep thread")
                        .isGreaterThanOrEqualTo(4);
                StackDump full = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
                truth.assertDumpMatches(full);

                StackDump cut = StackDumper.dump(target, LIMIT);
                assertThat(cut.droppedThreads()).isZero();
                ThreadDump d = GroundTruth.find(cut, deep);
                assertThat(d.truncated()).as("truncated flag").isTrue();
                assertThat(GroundTruth.render(d.frames())).as("innermost %d frames", LIMIT)
                        .containsExactlyElementsOf(deep.frames().subList(0, LIMIT));
                // The shallow main thread is not affected by the limit.
                GroundTruth.TruthThread main = truth.thread("MainThread");
                ThreadDump m = GroundTruth.find(cut, main);
                assertThat(m.truncated()).isFalse();
                assertThat(GroundTruth.render(m.frames())).containsExactlyElementsOf(main.frames());
            }
        }
    }

    /** How many {@code _PyStackChunk}s (current one and its {@code previous} chain) the thread's data stack has. */
    static int dataStackChunks(PythonProcess target, long threadId) {
        long[] tstate = {0};
        new PythonStackWalker(target.memory(), target.runtimeAddress(), target.offsets(), new FrameTable())
                .sample(v -> {
                    if (v.threadId() == threadId) {
                        tstate[0] = v.threadStateAddress();
                    }
                });
        assertThat(tstate[0]).as("thread state of thread %d", threadId).isNotZero();
        DebugOffsets o = target.offsets();
        long chunk = LittleEndian.i64(target.memory().readFully(tstate[0] + o.tstateDatastackChunk, 8), 0);
        int n = 0;
        while (chunk != 0 && n < 10_000) {
            n++;
            chunk = LittleEndian.i64(target.memory().readFully(chunk, 8), 0); // _PyStackChunk.previous
        }
        return n;
    }
}
