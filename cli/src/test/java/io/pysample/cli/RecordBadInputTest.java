package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code record}: one clear line, the documented exit code, nothing sampled or lost. */
class RecordBadInputTest {
    @TempDir
    Path dir;

    @Test
    void outputInAMissingDirectoryFailsBeforeSampling() {
        CliRun run = CliRun.inProcess("record", "-o", dir.resolve("no/such/dir/p.html").toString(), "1");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("does not exist");
    }

    @Test
    void unwritableOutputFailsBeforeTheCommandIsStarted() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path marker = dir.resolve("started");
        // As root the directory stays writable: then the command does run, and the test shows nothing else.
        boolean root = "root".equals(System.getProperty("user.name"));
        CliRun run = CliRun.inProcess("record", "-o", locked.resolve("p.html").toString(), "--", "touch",
                marker.toString());
        if (!root) {
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.OUTPUT_ERROR);
            assertThat(Files.exists(marker)).as("nothing was started").isFalse();
        }
        Path file = Files.createDirectory(dir.resolve("a-directory.html"));
        CliRun dirRun = CliRun.inProcess("record", "-o", file.toString(), "--", "touch", marker.toString() + "2");
        assertThat(dirRun.exitCode).as(dirRun.toString()).isEqualTo(ExitCodes.OUTPUT_ERROR);
        assertThat(Files.exists(Path.of(marker + "2"))).as("nothing was started").isFalse();
    }

    @Test
    void unknownFormatBadRatesAndDurationsAreUsageErrors() {
        for (String[] args : List.of(
                new String[] {"record", "-f", "pdf", "1"},
                new String[] {"record", "-r", "0", "1"},
                new String[] {"record", "-r", "-5", "1"},
                new String[] {"record", "-r", "1e12", "1"},
                new String[] {"record", "-r", "fast", "1"},
                new String[] {"record", "-d", "-1", "1"},
                new String[] {"record", "-d", "0", "1"},
                new String[] {"record"},
                new String[] {"record", "abc"},
                new String[] {"record", "--idle", "--gil", "1"})) {
            CliRun run = CliRun.inProcess(args);
            assertThat(run.exitCode).as(String.join(" ", args) + "\n" + run).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err).startsWith("pysample: ");
        }
    }

    @Test
    void anOverlongDurationIsRefusedWithTheMaximum() {
        CliRun run = CliRun.inProcess("record", "-d", "1e9", "1");
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("at most 31536000 seconds").contains("1.0E9");
    }

    @Test
    void anOutputExtensionThatNamesNoFormatIsRefusedBeforeAnythingStarts() {
        Path marker = dir.resolve("started");
        CliRun run = CliRun.inProcess("record", "-o", dir.resolve("x.pb").toString(), "--", "touch",
                marker.toString());
        assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("x.pb names no output format").contains("-f/--format");
        assertThat(Files.exists(marker)).as("nothing was started").isFalse();
        assertThat(Files.exists(dir.resolve("x.pb"))).isFalse();
    }

    @Test
    void commandThatDoesNotExistOrIsNotPython() {
        Path out = dir.resolve("p.txt");
        CliRun missing = CliRun.inProcess("record", "-o", out.toString(), "--", dir.resolve("nope").toString());
        assertThat(missing.exitCode).as(missing.toString()).isEqualTo(ExitCodes.LAUNCH_FAILED);
        assertThat(missing.err).contains("cannot start");
        long t0 = System.nanoTime();
        CliRun notPython = CliRun.inProcess("record", "-o", out.toString(), "--", "sleep", "20");
        assertThat(notPython.exitCode).as(notPython.toString()).isEqualTo(ExitCodes.NOT_PYTHON);
        assertThat(notPython.err).contains("not a Python process");
        assertThat(Files.exists(out)).isFalse();
        // Not the 20 s of the command: it was stopped after the grace for wrappers (a guard against hanging only).
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(15));
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").equals("sleep 20")
                && p.parent().map(pp -> pp.pid() == ProcessHandle.current().pid()).orElse(false)).count())
                .as("the command is not left running").isZero();
    }

    @Test
    void deadPidAndOldPython() throws Exception {
        int dead;
        try (PythonChild c = PythonChild.start(List.of("sleep", "30"), Map.of(), dir)) {
            dead = c.pid();
        }
        CliRun gone = CliRun.inProcess("record", "-o", dir.resolve("a.txt").toString(), Integer.toString(dead));
        assertThat(gone.exitCode).as(gone.toString()).isEqualTo(ExitCodes.NO_SUCH_PROCESS);
        assertThat(Files.exists(dir.resolve("a.txt"))).isFalse();
        Path py311 = TestPythons.requireSystem("3.11");
        try (PythonChild old = PythonChild.start(List.of(py311.toString(), "-c", "import time; print('READY', "
                + "flush=True); time.sleep(30)"), Map.of(), dir)) {
            old.awaitLine("READY");
            CliRun run = CliRun.inProcess("record", "-o", dir.resolve("b.txt").toString(),
                    Integer.toString(old.pid()));
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.UNSUPPORTED_PYTHON);
            assertThat(run.err).contains("3.13");
        }
    }

    @Test
    void python312IsUnsupported() throws Exception {
        Path py312 = TestPythons.requireSystem("3.12");
        try (PythonChild old = PythonChild.start(List.of(py312.toString(), "-c", "import time; print('READY', "
                + "flush=True); time.sleep(30)"), Map.of(), dir)) {
            old.awaitLine("READY");
            CliRun run = CliRun.inProcess("dump", Integer.toString(old.pid()));
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.UNSUPPORTED_PYTHON);
            assertThat(run.err).contains("Python 3.12").contains("3.13 or newer");
        }
    }

    @Test
    void anExistingOutputIsReplacedByTheNewRecording() throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        Path out = Files.writeString(dir.resolve("p.txt"), "old content\n");
        CliRun run = CliRun.inProcess("record", "-o", out.toString(), "--", TestPythons.require("3.14").toString(),
                w.script.toString(), "1");
        assertThat(run.exitCode).as(run.toString()).isZero();
        String now = Files.readString(out);
        assertThat(now).doesNotContain("old content").contains("alpha (known_functions.py:");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
        }
    }

    @Test
    void permissionDeniedForAnUnprivilegedUserSaysWhatToDo() throws Exception {
        io.pysample.testsupport.Unprivileged.assumeAvailable();
        KnownWorkload w = KnownWorkload.copyTo(dir);
        try (PythonChild target = PythonChild.start(List.of(TestPythons.require("3.14").toString(),
                w.script.toString()), Map.of(), dir)) {
            target.awaitLine("READY");
            Process p = new ProcessBuilder(io.pysample.testsupport.Unprivileged.javaCommand(dir, Main.class.getName(),
                    "dump", Integer.toString(target.pid()))).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isEqualTo(ExitCodes.PERMISSION_DENIED);
            assertThat(out.strip().lines()).as(out).hasSize(1);
            assertThat(out).contains("permission denied").contains("CAP_SYS_PTRACE").contains("ptrace_scope");
        }
    }
}
