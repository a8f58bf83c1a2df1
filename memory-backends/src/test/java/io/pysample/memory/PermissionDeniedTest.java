package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unprivileged user (nobody, via {@code setpriv}) tries to read a root-owned target: both backends must report
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
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to nobody");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        // The unprivileged JVM cannot read root's Maven repository: give it a world-readable copy of the class path.
        Path cp = Files.createDirectories(dir.resolve("cp"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(cp, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(e);
            Path dst = cp.resolve((i++) + "-" + src.getFileName());
            copyReadable(src, dst);
            entries.add(dst.toString());
        }
        try (KnownBufferTarget target = KnownBufferTarget.start(dir)) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    java.toString(), "-cp", String.join(File.pathSeparator, entries),
                    PermissionDeniedTest.class.getName(), Integer.toString(target.pid()))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            for (MemoryBackend b : MemoryBackend.values()) {
                assertThat(out).as(out).contains(b + " PermissionDeniedException permission denied");
            }
            assertThat(out).contains("CAP_SYS_PTRACE").contains("ptrace_scope");
        }
    }

    private static void copyReadable(Path src, Path dst) throws Exception {
        if (Files.isDirectory(src)) {
            try (var walk = Files.walk(src)) {
                for (Path s : (Iterable<Path>) walk::iterator) {
                    Path d = dst.resolve(src.relativize(s).toString());
                    if (Files.isDirectory(s)) {
                        Files.createDirectories(d);
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(s, d);
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
        } else if (Files.exists(src)) {
            Files.copy(src, dst);
            Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
