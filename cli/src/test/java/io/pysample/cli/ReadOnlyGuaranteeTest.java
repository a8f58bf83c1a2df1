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
 * The {@code record} and {@code dump} paths never obtain write access to a target. The read-only modules cannot even
 * compile against the write path (their {@code ReadOnlyModuleTest}s); the cli, which also depends on the remote-exec
 * module for {@code exec} and {@code snapshot}, never loads its writer, its write call binding or {@code RemoteExec}
 * when running {@code record} (without {@code --snapshot-every}) or {@code dump}.
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
                assertThat(out).doesNotContain("io.pysample.remote.memory.")
                        .doesNotContain("io.pysample.remote.RemoteExec ")
                        .doesNotContain("io.pysample.remote.PendingCall ");
            }
        }
    }
}
