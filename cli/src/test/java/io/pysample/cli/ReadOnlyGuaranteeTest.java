package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code record} and {@code dump} paths never obtain write access to a target: the only class that can write
 * another process's memory ({@code ProcessMemoryWriter}) is never even loaded by the JVM running them.
 */
class ReadOnlyGuaranteeTest {
    @TempDir
    Path dir;

    @Test
    void recordAndDumpNeverLoadTheWriter() throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        try (PythonChild target = PythonChild.start(List.of(TestPythons.require("3.14").toString(),
                w.script.toString()), Map.of(), dir)) {
            target.awaitLine("READY");
            String pid = Integer.toString(target.pid());
            for (String[] args : List.of(new String[] {"dump", pid},
                    new String[] {"record", "-d", "1", "-o", dir.resolve("p.html").toString(), pid})) {
                Process p = CliRun.childJvm(dir, List.of("-verbose:class"), args);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String out = Files.readString(dir.resolve("child.out"));
                assertThat(p.exitValue()).as(Files.readString(dir.resolve("child.err"))).isZero();
                assertThat(out).as("the walker was loaded").contains("io.pysample.core.walk.PythonStackWalker");
                assertThat(out).doesNotContain("io.pysample.memory.ProcessMemoryWriter")
                        .doesNotContain("io.pysample.memory.MemoryWriter");
            }
        }
    }
}
