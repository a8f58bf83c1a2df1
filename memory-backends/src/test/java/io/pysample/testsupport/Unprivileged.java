package io.pysample.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a Java main class as the unprivileged user {@code nobody} (uid 65534) through {@code setpriv}, for
 * permission tests. Needs root; skips the test otherwise. The unprivileged JVM cannot read root's Maven repository,
 * so it gets a world-readable copy of this JVM's class path.
 */
public final class Unprivileged {
    private Unprivileged() {
    }

    /** Skips the calling test unless it runs as root with {@code setpriv} available. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to nobody");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
    }

    /** The command line that runs {@code mainClass args…} as nobody, with a class path copied under {@code dir}. */
    public static List<String> javaCommand(Path dir, String mainClass, String... args) throws Exception {
        assumeAvailable();
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
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                String.join(File.pathSeparator, entries), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
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
