package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code record -- COMMAND} with real processes: signals to pysample reach the command and its exit status becomes
 * pysample's, the command is never left running, sampling starts with the interpreter's first frames, and a short
 * or non-Python command gets a file or a documented exit code.
 */
class RecordLaunchTest {
    private static final String VERSION = "3.14";

    @TempDir
    Path dir;

    /** pysample in a child JVM recording signal_handler.py; returns once both say they are ready. */
    private Process launch(String... handlerArgs) throws Exception {
        Path script = PythonChild.copyWorkload(getClass(), dir, "signal_handler.py");
        List<String> args = new ArrayList<>(List.of("record", "-r", "200", "-o", dir.resolve("out.txt").toString(),
                "--", TestPythons.require(VERSION).toString(), script.toString()));
        args.addAll(List.of(handlerArgs));
        Process pysample = CliRun.childJvm(dir, args.toArray(String[]::new));
        CliRun.awaitSampling(dir, pysample);
        Files.writeString(dir.resolve("go"), ""); // the command's READY comes 0.3 s of busy() after this
        awaitOutput("READY");
        return pysample;
    }

    /** Waits for a line of the command's output (which goes to pysample's stdout, {@code child.out}). */
    private void awaitOutput(String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!childOut().contains(text)) {
            assertThat(System.nanoTime()).as("waiting for %s", text).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private String childOut() throws IOException {
        Path out = dir.resolve("child.out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    private String childErr() throws IOException {
        return Files.readString(dir.resolve("child.err"), StandardCharsets.UTF_8);
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
    }

    /** The python started by the pysample JVM, if still there. */
    private static List<ProcessHandle> pythonsOf(Process pysample) {
        return pysample.descendants().filter(p -> p.info().command().orElse("").contains("python")).toList();
    }

    private void assertRecordedBusy() throws IOException {
        String collapsed = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(collapsed).as("%s%n%s", childOut(), childErr()).contains("busy (signal_handler.py:");
    }

    @Test
    void sigtermToPysampleAloneReachesTheCommandWhoseExitCodeIsReturned() throws Exception {
        Process pysample = launch("42");
        List<ProcessHandle> python = pythonsOf(pysample);
        signal("TERM", pysample.pid());
        assertThat(pysample.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pysample.exitValue()).as(childErr()).isEqualTo(42);
        assertThat(childOut()).containsOnlyOnce("HANDLED SIGTERM");
        assertThat(childErr()).contains("SIGTERM sent to").contains("samples in");
        assertRecordedBusy();
        assertThat(python).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void sigintToPysampleAloneReachesTheCommandOnce() throws Exception {
        Process pysample = launch("3");
        signal("INT", pysample.pid());
        assertThat(pysample.waitFor(30, TimeUnit.SECONDS)).as("%s%n%s", childOut(), childErr()).isTrue();
        assertThat(pysample.exitValue()).as(childErr()).isEqualTo(3);
        assertThat(childOut()).containsOnlyOnce("HANDLED SIGINT");
        assertRecordedBusy();
    }

    @Test
    void ctrlCToTheWholeProcessGroupReachesTheCommandOnceAndKeepsItsExitCode() throws Exception {
        // A terminal's Ctrl-C: SIGINT to every process of the foreground group. setsid gives pysample and its command
        // a group of their own that the test can signal.
        Path script = PythonChild.copyWorkload(getClass(), dir, "signal_handler.py");
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(CliRun.defaultSigint()); // as a terminal's foreground job has it
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "record", "-o",
                dir.resolve("out.txt").toString(), "--", TestPythons.require(VERSION).toString(), script.toString(),
                "3"));
        Process pysample = CliRun.killAtExit(new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile())
                .start());
        CliRun.awaitSampling(dir, pysample);
        Files.writeString(dir.resolve("go"), ""); // the command's READY comes 0.3 s of busy() after this
        awaitOutput("READY");
        // setsid exec'd (env, which exec'd) java (the test JVM is no group leader): its pid is the new group's id.
        assertThat(new ProcessBuilder("kill", "-s", "INT", "--", "-" + pysample.pid()).start().waitFor()).isZero();
        assertThat(pysample.waitFor(30, TimeUnit.SECONDS)).as("%s%n%s", childOut(), childErr()).isTrue();
        assertThat(pysample.exitValue()).as(childErr()).isEqualTo(3);
        assertThat(childOut()).as("the handler ran once: pysample did not send a second SIGINT")
                .containsOnlyOnce("HANDLED SIGINT");
        assertThat(childErr()).doesNotContain("SIGINT sent to");
        assertRecordedBusy();
    }

    @Test
    void aSecondSignalKillsACommandThatIgnoresTheFirst() throws Exception {
        Process pysample = launch("3", "ignore-term");
        List<ProcessHandle> python = pythonsOf(pysample);
        signal("TERM", pysample.pid());
        assertThat(pysample.waitFor(1, TimeUnit.SECONDS)).as("pysample waits for the command").isFalse();
        signal("TERM", pysample.pid());
        assertThat(pysample.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pysample.exitValue()).as(childErr()).isEqualTo(128 + 9);
        assertThat(childErr()).contains("SIGTERM again: killing");
        assertRecordedBusy();
        assertThat(python).isNotEmpty().noneMatch(ProcessHandle::isAlive);
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void samplingStartsWithTheInterpretersFirstFrames(String version) throws Exception {
        Path script = PythonChild.copyWorkload(getClass(), dir, "first_frames.py");
        Path out = dir.resolve("first.txt");
        CliRun run = CliRun.inProcess("record", "-r", "200", "-o", out.toString(), "--",
                TestPythons.require(version).toString(), script.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        String collapsed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(collapsed).contains("first (first_frames.py:").contains("second (first_frames.py:");
    }

    @Test
    void aCommandOfAFractionOfASecondStillGivesAFile() throws Exception {
        Path out = dir.resolve("short.txt");
        CliRun run = CliRun.inProcess("record", "--idle", "-o", out.toString(), "--",
                TestPythons.require(VERSION).toString(), "-c", "import time; time.sleep(0.1)");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("<module> (<string>:1)");
    }

    @Test
    void aNonPythonCommandIsStoppedAndRefusedWithinTheDuration() throws Exception {
        Path out = dir.resolve("sleep.txt");
        long t0 = System.nanoTime();
        CliRun run = CliRun.inProcess("record", "-d", "0.5", "-o", out.toString(), "--", "sleep", "30");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.NOT_PYTHON);
        assertThat(run.err).contains("(/usr/bin/sleep) is not a Python process");
        assertThat(millis).as("stopped near -d 0.5, not after 30 s (guards against hanging only)").isLessThan(10_000);
        assertThat(Files.exists(out)).isFalse();
    }

    @Test
    void aCommandWithOutputKeepsItOffPysamplesOwnStreams() {
        CliRun run = CliRun.inProcess("record", "--idle", "-o", dir.resolve("echo.txt").toString(), "--",
                TestPythons.require(VERSION).toString(), "-c", "import sys, time; print('to stdout'); "
                        + "print('to stderr', file=sys.stderr); time.sleep(0.2)");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.childOut).isEqualTo("to stdout\n");
        assertThat(run.childErr).isEqualTo("to stderr\n");
        assertThat(run.out).doesNotContain("to stdout");
    }

    @Test
    void aHalfHertzRecordingOfThreeSecondsReportsItsRealLengthAndRate() throws Exception {
        try (PythonChild target = PythonChild.runScript(TestPythons.require(VERSION),
                KnownWorkload.copyTo(dir).script, dir)) {
            target.awaitLine("READY");
            CliRun run = CliRun.inProcess("record", "-r", "0.5", "--fixed-interval", "-d", "3", "-o",
                    dir.resolve("slow.txt").toString(), Integer.toString(target.pid()));
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("at 0.50 Hz").contains("2 samples in 3.0 s (0.67 Hz)");
            CliRun tiny = CliRun.inProcess("record", "-r", "1e-9", "-d", "1", "-o",
                    dir.resolve("tiny.txt").toString(), Integer.toString(target.pid()));
            assertThat(tiny.exitCode).as(tiny.toString()).isZero();
            assertThat(tiny.err).as("one sample, not a flood").contains("1 sample in 1.0 s (1.00 Hz)");
        }
    }
}
