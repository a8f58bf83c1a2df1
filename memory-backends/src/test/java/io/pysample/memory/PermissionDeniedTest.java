package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.Unprivileged;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unprivileged user (nobody) tries to read a root-owned target: both backends must report
 * {@link PermissionDeniedException} with the remedy. Runs only where the tests run as root.
 */
class PermissionDeniedTest {
    @TempDir
    Path dir;

    /** Runs in the unprivileged JVM: prints the outcome of opening each backend. */
    public static void main(String[] args) {
        int pid = Integer.parseInt(args[0]);
        for (MemoryBackend b : MemoryBackend.values()) {
            try (MemoryReader r = b.open(pid)) {
                System.out.println(b + " OPENED");
            } catch (RuntimeException e) {
                System.out.println(b + " " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
    }

    @Test
    void unprivilegedUserGetsPermissionDeniedWithTheRemedy() throws Exception {
        Unprivileged.assumeAvailable();
        try (KnownBufferTarget target = KnownBufferTarget.start(dir)) {
            Process p = new ProcessBuilder(Unprivileged.javaCommand(dir, PermissionDeniedTest.class.getName(),
                    Integer.toString(target.pid()))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            for (MemoryBackend b : MemoryBackend.values()) {
                assertThat(out).as(out).contains(b + " PermissionDeniedException permission denied");
            }
            assertThat(out).contains("CAP_SYS_PTRACE").contains("ptrace_scope");
        }
    }
}
