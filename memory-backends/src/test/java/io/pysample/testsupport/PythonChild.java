package io.pysample.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real child process (usually a CPython running a workload script) that a test talks to through its standard
 * output: the script prints lines such as {@code READY} or {@code ADDR 0x…}, and the test waits for them. Killed on
 * {@link #close()}. Standard error is kept for failure messages.
 */
public final class PythonChild implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> stderr = new ArrayList<>();

    private PythonChild(Process process) {
        this.process = process;
        Thread out = new Thread(() -> pump(new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true), "child-stdout");
        Thread err = new Thread(() -> pump(new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false), "child-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    private void pump(BufferedReader reader, boolean toQueue) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (toQueue) {
                    lines.add(line);
                } else {
                    synchronized (stderr) {
                        stderr.add(line);
                    }
                }
            }
        } catch (IOException ignored) {
            // the child was killed
        }
    }

    /** Starts {@code command} with extra environment variables and the working directory {@code dir}. */
    public static PythonChild start(List<String> command, Map<String, String> env, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("PYTHONUNBUFFERED", "1");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        return new PythonChild(pb.start());
    }

    /** Runs {@code script} (Python source) with {@code python}, writing it to {@code dir/name}. */
    public static PythonChild run(Path python, Path dir, String name, String script, String... args)
            throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, script, StandardCharsets.UTF_8);
        return runScript(python, file, dir, args);
    }

    /** Runs the script file {@code script} with {@code python} and {@code args}, in {@code dir}. */
    public static PythonChild runScript(Path python, Path script, Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python.toString(), script.toString()));
        cmd.addAll(List.of(args));
        return start(cmd, Map.of(), dir);
    }

    /**
     * Runs the workload script {@code /workloads/<name>} from the class path of {@code anchor} (copied to
     * {@code dir/name}) with {@code python}.
     */
    public static PythonChild runWorkload(Class<?> anchor, Path python, Path dir, String name, String... args)
            throws IOException {
        return runScript(python, copyWorkload(anchor, dir, name), dir, args);
    }

    /** Copies the workload script {@code /workloads/<name>} from the class path of {@code anchor} to {@code dir}. */
    public static Path copyWorkload(Class<?> anchor, Path dir, String name) throws IOException {
        try (var in = anchor.getResourceAsStream("/workloads/" + name)) {
            if (in == null) {
                throw new IOException("no workload " + name + " on the class path");
            }
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, in.readAllBytes());
            return file;
        }
    }

    public int pid() {
        return (int) process.pid();
    }

    public Process process() {
        return process;
    }

    /**
     * Waits for the next output line that starts with {@code prefix}, skipping others.
     *
     * @return the line with the prefix removed and stripped
     * @throws AssertionError on timeout or if the child exits first, with its stderr
     */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = lines.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))),
                    TimeUnit.NANOSECONDS);
            if (line != null) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).strip();
                }
                continue;
            }
            if (!process.isAlive() && lines.isEmpty()) {
                throw new AssertionError("child exited (" + process.exitValue() + ") before printing '" + prefix
                        + "'; stderr: " + stderr());
            }
            if (left <= 0) {
                throw new AssertionError("timed out waiting for '" + prefix + "'; stderr: " + stderr());
            }
        }
    }

    /** Waits up to 30 s for a line starting with {@code prefix}. */
    public String awaitLine(String prefix) throws InterruptedException {
        return awaitLine(prefix, Duration.ofSeconds(30));
    }

    /**
     * Waits until the child's main thread is asleep per the kernel ({@code S} in {@code /proc/PID/stat}): for a
     * single-threaded script, in the blocking call it makes after its last line of output (printing a line, it is
     * still running Python code).
     *
     * @throws AssertionError on timeout or if the child exits first
     */
    public void awaitAsleep(Duration timeout) throws InterruptedException, IOException {
        TaskStates.awaitAsleep(Path.of("/proc", Integer.toString(pid()), "stat"), timeout, () -> process.isAlive()
                ? null : "child exited (" + process.exitValue() + "); stderr: " + stderr());
    }

    public String stderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    /** Kills the child and waits for it to be reaped, so that its pid no longer exists. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
