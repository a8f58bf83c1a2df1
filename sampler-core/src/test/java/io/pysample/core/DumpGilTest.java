package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A dump is one consistent read of the process: with four threads and the main thread handing the GIL around
 * ({@code workloads/gil_contention.py}), no dump shows two GIL holders, every dump has all the threads the workload
 * reports, and some dumps show one holder.
 */
class DumpGilTest {
    static final int DUMPS = 200;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void atMostOneThreadHoldsTheGil(String version) throws Exception {
        try (PythonChild child = PythonChild.runWorkload(DumpGilTest.class, TestPythons.require(version), dir,
                "gil_contention.py", "4")) {
            int threads = Integer.parseInt(child.awaitLine("READY"));
            int withHolder = 0;
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                for (int i = 0; i < DUMPS; i++) {
                    StackDump dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
                    long holders = dump.threads().stream().filter(ThreadDump::holdsGil).count();
                    assertThat(holders).as("GIL holders in dump %d: %s", i, dump).isLessThanOrEqualTo(1);
                    assertThat(dump.threads().size() + dump.droppedThreads()).isEqualTo(threads);
                    withHolder += holders == 1 ? 1 : 0;
                }
            }
            assertThat(withHolder).as("dumps showing a GIL holder").isGreaterThan(DUMPS / 10);
        }
    }
}
