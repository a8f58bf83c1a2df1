package io.pysample.core.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A static-libpython interpreter under a name without "python" (as embedding applications ship it:
 * {@code cp python3.14 myapp}) is found through the main executable's {@code .PyRuntime} section. The test
 * CPythons are Debian's builds, which link libpython statically into the executable.
 */
class RenamedExecutableTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void aRenamedStaticBuildIsFoundThroughItsExecutable(String version) throws Exception {
        Path python = TestPythons.require(version);
        Path app = dir.resolve("myapp");
        Files.copy(python, app, StandardCopyOption.COPY_ATTRIBUTES);
        Path script = dir.resolve("service.py");
        Files.writeString(script, "import time\n"
                + "def serve_forever():\n"
                + "    print('READY', flush=True)\n"
                + "    while True:\n"
                + "        time.sleep(0.05)\n"
                + "serve_forever()\n");
        // The copy cannot find its standard library from its own location.
        Map<String, String> env = Map.of("PYTHONHOME", python.getParent().getParent().toString());
        try (PythonChild child = PythonChild.start(List.of(app.toString(), script.toString()), env, dir)) {
            child.awaitLine("READY"); // fails with the child's stderr if the renamed interpreter does not run

            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThat(target.runtime().file()).isEqualTo(app.toString());
                assertThat(target.version().minorVersion()).isEqualTo(version);
                StackDump dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
                assertThat(dump.threads()).extracting(ThreadDump::frames)
                        .anySatisfy(frames -> assertThat(frames).anySatisfy(
                                f -> assertThat(f.function()).isEqualTo("serve_forever")));
            }
        }
    }
}
