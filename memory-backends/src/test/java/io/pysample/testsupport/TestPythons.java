package io.pysample.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the test CPythons installed by {@code scripts/install-pythons.sh}: {@code <base>/<X.Y>/root/usr/bin/pythonX.Y}
 * where {@code <base>} is {@code $PYSAMPLE_PYTHONS} or {@code ~/.cache/pysample/pythons}.
 *
 * <p>A missing interpreter skips the test on a developer machine, but fails it when {@code CI=true}: CI must never
 * pass by skipping the real processes.
 */
public final class TestPythons {
    /** Every CPython minor version pysample supports, oldest first. */
    public static final List<String> SUPPORTED = List.of("3.13", "3.14", "3.15");
    /** The versions with PEP 768 remote execution. */
    public static final List<String> WITH_REMOTE_EXEC = List.of("3.14", "3.15");

    private TestPythons() {
    }

    /** For {@code @MethodSource}: every supported version. */
    public static Stream<String> supported() {
        return SUPPORTED.stream();
    }

    /** For {@code @MethodSource}: the versions with PEP 768. */
    public static Stream<String> withRemoteExec() {
        return WITH_REMOTE_EXEC.stream();
    }

    public static Path base() {
        String env = System.getenv("PYSAMPLE_PYTHONS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "pysample", "pythons");
    }

    /** The interpreter for {@code version} if installed. */
    public static Optional<Path> find(String version) {
        Path p = base().resolve(version).resolve("root/usr/bin/python" + version);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The interpreter for {@code version}; skips the calling test if it is missing, or fails it under CI.
     */
    public static Path require(String version) {
        Optional<Path> p = find(version);
        if (p.isEmpty()) {
            String msg = "CPython " + version + " is not installed under " + base()
                    + ": run scripts/install-pythons.sh";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        return p.get();
    }

    /**
     * A working system interpreter older than 3.13 (e.g. {@code python3.11}) for "unsupported version" tests: on the
     * PATH or in pyenv's versions directory, checked to run; skips the test if there is none (these are not installed
     * by the project's scripts).
     */
    public static Path requireSystem(String version) {
        List<Path> candidates = new java.util.ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir, "python" + version));
        }
        Path pyenv = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (Files.isDirectory(pyenv)) {
            try (var versions = Files.list(pyenv)) {
                versions.sorted().forEach(v -> candidates.add(v.resolve("bin/python" + version)));
            } catch (java.io.IOException ignored) {
                // no pyenv versions
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p) && runs(p)) {
                return p;
            }
        }
        Assumptions.abort("no working python" + version + " on the PATH or in pyenv");
        return null;
    }

    private static boolean runs(Path python) {
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "pass").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
