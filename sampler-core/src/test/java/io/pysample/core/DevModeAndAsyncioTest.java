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
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Targets that run differently from a plain script: {@code -X dev} (debug memory allocators, asyncio debug mode,
 * faulthandler), and a process that uses threading and asyncio together.
 */
class DevModeAndAsyncioTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void devModeTargetIsDumpedCompletely(String version) throws Exception {
        try (PythonChild child = GroundTruth.launch(version, dir, List.of("-X", "dev"), "thread_chains.py", "10")) {
            GroundTruth truth = GroundTruth.await(child, dir);
            assertThat(truth.root.get("dev_mode").asBoolean()).as("target runs in dev mode").isTrue();
            assertThat(truth.threads).hasSize(11);

            StackDump dump;
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
            }
            truth.assertDumpMatches(dump);
            ManyThreadsTest.assertChains(dump, truth);
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void asyncioLoopInTheMainThreadWithWorkerThreads(String version) throws Exception {
        try (PythonChild child = GroundTruth.launch(version, dir, List.of(), "asyncio_threads.py")) {
            GroundTruth truth = GroundTruth.await(child, dir);
            // main + 3 worker threads + the run_in_executor thread
            assertThat(truth.threads).hasSize(5);

            StackDump dump;
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
            }
            truth.assertDumpMatches(dump);
            ThreadDump main = dump.threads().get(0);
            assertThat(main.main()).isTrue();
            assertThat(main.frames()).extracting(f -> f.function()).containsExactly("EpollSelector.select",
                    "BaseEventLoop._run_once", "BaseEventLoop.run_forever", "BaseEventLoop.run_until_complete",
                    "<module>");
        }
    }
}
