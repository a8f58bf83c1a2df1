package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.MemoryMapping;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CPython builds users run besides Debian's static-libpython interpreter, all installed by
 * {@code scripts/install-pythons.sh}: a PIE embedding program on the shared {@code libpythonX.Y.so.1.0} (the shape
 * of the official Docker images), the same with every file renamed away from "python", and the debug build
 * ({@code pythonX.Yd}). Each runs {@code thread_chains.py} and must be dumped exactly as it reports itself.
 */
class BuildsTest {
    private static final int CHAINS = 4;
    private static final short ET_DYN = 3;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void pieWithSharedLibpythonIsFoundInTheLibrary(String version) throws Exception {
        Path app = TestPythons.requireEmbedded(version);
        assertThat(elfType(app)).as("embedded-app is a PIE").isEqualTo(ET_DYN);
        try (PythonChild child = GroundTruth.launch(app, Map.of(), dir, List.of(), "thread_chains.py",
                String.valueOf(CHAINS))) {
            GroundTruth truth = GroundTruth.await(child, dir);
            assertThat(truth.root.get("executable").asText()).isEqualTo(app.toString());
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThat(Path.of(target.runtime().file()).getFileName())
                        .hasToString("libpython" + version + ".so.1.0");
                assertThat(target.version().minorVersion()).isEqualTo(version);
                assertDumpMatches(target, truth);
            }
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void sharedLibpythonUnderAnotherNameIsFoundBySection(String version) throws Exception {
        Path app = TestPythons.requireEmbedded(version);
        Path root = app.getParent().getParent(); // <root>/usr
        Path lib;
        try (var libDirs = Files.list(root.resolve("lib"))) { // usr/lib/<multiarch>/
            lib = libDirs.map(d -> d.resolve("libpython" + version + ".so.1.0")).filter(Files::isRegularFile)
                    .findFirst().orElseThrow();
        }
        Path renamedApp = dir.resolve("service");
        Path renamedLib = dir.resolve("libruntime.so");
        Files.copy(app, renamedApp, StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(lib, renamedLib);
        // Preloaded, the copy satisfies the program's DT_NEEDED through its SONAME: libpython* is never opened.
        // The copied program cannot find its standard library from its own location.
        Map<String, String> env = Map.of("LD_PRELOAD", renamedLib.toString(), "PYTHONHOME", root.toString());
        try (PythonChild child = GroundTruth.launch(renamedApp, env, dir, List.of(), "thread_chains.py",
                String.valueOf(CHAINS))) {
            GroundTruth truth = GroundTruth.await(child, dir);
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThat(target.info().maps()).filteredOn(MemoryMapping::isFile)
                        .extracting(MemoryMapping::fileName).noneMatch(n -> n.startsWith("libpython"))
                        .contains("libruntime.so");
                assertThat(target.runtime().file()).isEqualTo(renamedLib.toString());
                assertDumpMatches(target, truth);
            }
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void debugBuildIsWalkedWithItsOwnOffsets(String version) throws Exception {
        Path python = TestPythons.requireDebug(version);
        try (PythonChild child = GroundTruth.launch(python, Map.of(), dir, List.of(), "thread_chains.py",
                String.valueOf(CHAINS))) {
            GroundTruth truth = GroundTruth.await(child, dir);
            assertThat(truth.root.get("debug_build").asBoolean()).as("target is a debug build").isTrue();
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThat(target.runtime().file()).isEqualTo(python.toString());
                assertThat(target.version().minorVersion()).isEqualTo(version);
                assertDumpMatches(target, truth);
            }
        }
    }

    private static void assertDumpMatches(PythonProcess target, GroundTruth truth) {
        assertThat(truth.threads).hasSize(CHAINS + 1);
        StackDump dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
        truth.assertDumpMatches(dump);
        ManyThreadsTest.assertChains(dump, truth);
    }

    /** {@code e_type} of an ELF file (little-endian, at byte 16). */
    private static short elfType(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(18);
            return (short) ((head[16] & 0xff) | (head[17] & 0xff) << 8);
        }
    }
}
