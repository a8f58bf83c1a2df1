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
 * <p>Besides that static-libpython interpreter, the script installs two more builds of each version beside it:
 * {@code pythonX.Yd}, Debian's debug build ({@link #requireDebug}), and {@code embedded-app}, a PIE whose
 * {@code main} calls {@code Py_BytesMain} with the runtime in the shared {@code libpythonX.Y.so.1.0}
 * ({@link #requireEmbedded}).
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
        return executable(version, "python" + version);
    }

    /** The debug build ({@code pythonX.Yd}, Debian's {@code pythonX.Y-dbg}) for {@code version} if installed. */
    public static Optional<Path> findDebug(String version) {
        return executable(version, "python" + version + "d");
    }

    /**
     * The embedding program for {@code version} if installed: {@code embedded-app}, a PIE that runs like the
     * interpreter (its {@code main} calls {@code Py_BytesMain}) with the runtime in {@code libpythonX.Y.so.1.0}.
     */
    public static Optional<Path> findEmbedded(String version) {
        return executable(version, "embedded-app");
    }

    private static Optional<Path> executable(String version, String name) {
        Path p = base().resolve(version).resolve("root/usr/bin").resolve(name);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * The interpreter for {@code version}; skips the calling test if it is missing, or fails it under CI.
     */
    public static Path require(String version) {
        return require(find(version), "CPython " + version);
    }

    /** {@link #findDebug}, or skips the calling test (fails it under CI). */
    public static Path requireDebug(String version) {
        return require(findDebug(version), "the debug build of CPython " + version);
    }

    /** {@link #findEmbedded}, or skips the calling test (fails it under CI). */
    public static Path requireEmbedded(String version) {
        return require(findEmbedded(version), "the embedding program of CPython " + version);
    }

    private static Path require(Optional<Path> p, String what) {
        if (p.isEmpty()) {
            String msg = what + " is not installed under " + base() + ": run scripts/install-pythons.sh";
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
