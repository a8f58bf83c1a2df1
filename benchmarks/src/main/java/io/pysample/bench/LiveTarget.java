package io.pysample.bench;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.MemoryReader;
import io.pysample.memory.ProcessInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CPython process started for a benchmark from a script bundled in this module ({@code /targets/NAME}). The
 * interpreter is {@code $PYSAMPLE_PYTHONS/X.Y/root/usr/bin/pythonX.Y} (default base
 * {@code ~/.cache/pysample/pythons}, as installed by {@code scripts/install-pythons.sh}). The script prints one line
 * when ready; {@link #readyLine()} holds it.
 */
public final class LiveTarget implements AutoCloseable {
    private final Process process;
    private final String readyLine;

    private LiveTarget(Process process, String readyLine) {
        this.process = process;
        this.readyLine = readyLine;
    }

    public static Path interpreter(String version) {
        String base = System.getenv("PYSAMPLE_PYTHONS");
        Path root = base != null && !base.isBlank() ? Path.of(base)
                : Path.of(System.getProperty("user.home"), ".cache", "pysample", "pythons");
        Path p = root.resolve(version).resolve("root/usr/bin/python" + version);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("CPython " + version + " not found at " + p
                    + ": run scripts/install-pythons.sh " + version);
        }
        return p;
    }

    /** Starts {@code /targets/<script>} under CPython {@code version} and waits for its first output line. */
    public static LiveTarget start(String version, String script, String... args) throws IOException {
        Path dir = Files.createTempDirectory("pysample-bench");
        Path file = dir.resolve(script);
        try (InputStream in = LiveTarget.class.getResourceAsStream("/targets/" + script)) {
            if (in == null) {
                throw new IOException("no bundled target script " + script);
            }
            Files.write(file, in.readAllBytes());
        }
        List<String> cmd = new ArrayList<>(List.of(interpreter(version).toString(), file.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null) {
            throw new IOException("benchmark target " + script + " exited before it was ready");
        }
        return new LiveTarget(p, line);
    }

    public int pid() {
        return (int) process.pid();
    }

    public String readyLine() {
        return readyLine;
    }

    /** Attaches to the target through {@code memory} (e.g. a {@link CountingReader}) instead of a backend's own. */
    public PythonProcess attach(MemoryReader memory) {
        ProcessInfo info = new ProcessInfo(pid());
        return PythonProcess.attach(info, memory, info.exe(), info.commandLine());
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
