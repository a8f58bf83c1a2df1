package io.pysample.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs the pysample command line in this JVM (capturing its output) or in a child JVM. */
final class CliRun {
    /** What pysample prints on stderr once it samples (a readiness signal for tests that interrupt it). */
    static final String SAMPLING = "pysample: sampling ";
    /** {@link #defaultSigint()}, once probed. */
    private static List<String> defaultSigint;
    final int exitCode;
    final String out;
    final String err;
    /** What a command started by {@code record -- COMMAND} wrote to its standard output and error. */
    final String childOut;
    final String childErr;

    private CliRun(int exitCode, String out, String err, String childOut, String childErr) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
        this.childOut = childOut;
        this.childErr = childErr;
    }

    /**
     * Runs {@code Main.run(args)} here, with System.out/err captured, and a started command's output in files (never
     * in this JVM's own descriptors). Not for concurrent use.
     */
    static CliRun inProcess(String... args) {
        return inProcess(new CountDownLatch(1), args);
    }

    /** As {@link #inProcess(String...)}; counts {@code sampling} down when pysample says it is sampling. */
    static CliRun inProcess(CountDownLatch sampling, String... args) {
        return inProcess(SAMPLING, sampling, args);
    }

    /** As {@link #inProcess(String...)}; counts {@code ready} down once stderr contains {@code readyText}. */
    static synchronized CliRun inProcess(String readyText, CountDownLatch sampling, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                if (sampling.getCount() > 0 && toString(StandardCharsets.UTF_8).contains(readyText)) {
                    sampling.countDown();
                }
            }
        };
        Path childOut = null;
        Path childErr = null;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            childOut = Files.createTempFile("pysample-child", ".out");
            childErr = Files.createTempFile("pysample-child", ".err");
            System.setOut(o);
            System.setErr(e);
            int code = Main.run(ChildIo.toFiles(childOut.toFile(), childErr.toFile()), args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    Files.readString(childOut, StandardCharsets.UTF_8), Files.readString(childErr,
                            StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            deleteQuietly(childOut);
            deleteQuietly(childErr);
        }
    }

    /**
     * Waits until the pysample in a child JVM started by {@link #childJvm} says that it samples (its stderr goes to
     * {@code dir/child.err}).
     *
     * @throws AssertionError if it exited first or did not within 60 s
     */
    static void awaitSampling(Path dir, Process pysample) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path err = dir.resolve("child.err");
        while (System.nanoTime() < deadline) {
            if (Files.exists(err) && Files.readString(err, StandardCharsets.UTF_8).contains(SAMPLING)) {
                return;
            }
            if (!pysample.isAlive()) {
                throw new AssertionError("pysample exited (" + pysample.exitValue() + ") before sampling:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("pysample did not start sampling within 60 s");
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /** Starts {@code pysample args…} in a child JVM with this test's class path. */
    static Process childJvm(Path dir, String... args) throws IOException {
        return childJvm(dir, List.of(), args);
    }

    /**
     * Starts {@code pysample args…} in a child JVM with extra JVM options and this test's class path, with SIGINT at
     * its default action ({@link #defaultSigint()}).
     */
    static Process childJvm(Path dir, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(defaultSigint());
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return killAtExit(new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(dir.resolve("child.err").toFile()).start());
    }

    /**
     * Kills {@code p} and its descendants when the test JVM ends, if they still run then: a test that fails before
     * it ends its child pysample (one that was to stop on a signal, say) must not leave it and its command running.
     */
    static Process killAtExit(Process p) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
        return p;
    }

    /**
     * A command prefix ({@code env --default-signal=INT}, GNU coreutils 8.31+; empty where env lacks it) that
     * execs the rest with SIGINT at its default action. A test JVM started as a background job of a non-interactive
     * shell (as a CI clone run with {@code &}) has SIGINT ignored, its children inherit that, and a JVM installs no
     * handler for a signal ignored at its start: pysample would never see the SIGINT a test sends it.
     */
    static synchronized List<String> defaultSigint() {
        if (defaultSigint == null) {
            List<String> prefix = List.of("env", "--default-signal=INT");
            List<String> probe = new ArrayList<>(prefix);
            probe.add("true");
            try {
                Process p = new ProcessBuilder(probe).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                defaultSigint = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? prefix : List.of();
            } catch (IOException e) {
                defaultSigint = List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return defaultSigint;
    }

    static String classPathSeparator() {
        return File.pathSeparator;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err
                + (childOut == null ? "" : "\nchild stdout:\n" + childOut + "\nchild stderr:\n" + childErr);
    }
}
