package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Targets that die, exec another program, or churn through threads while being recorded: the recording ends
 * promptly, the output is complete, nothing escapes.
 */
class RecordReliabilityTest {
    /** The sampler checks the target every 100 ms; this bound only guards against hanging. */
    private static final long PROMPT_MILLIS = 3000;

    @TempDir
    Path dir;

    private Path workload(String name) throws Exception {
        return PythonChild.copyWorkload(getClass(), dir, name);
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void sigkilledTargetEndsTheRecordingWithItsSamples(String version) throws Exception {
        KnownWorkload w = KnownWorkload.copyTo(dir);
        try (PythonChild target = PythonChild.runScript(TestPythons.require(version), w.script, dir)) {
            target.awaitLine("READY");
            AtomicLong killedAt = new AtomicLong();
            CountDownLatch sampling = new CountDownLatch(1);
            Thread killer = new Thread(() -> {
                try {
                    sampling.await();
                    Thread.sleep(1000); // a second of samples: enough of both functions at 100 Hz
                    killedAt.set(System.nanoTime());
                    new ProcessBuilder("kill", "-KILL", Long.toString(target.pid())).start().waitFor();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            Path out = dir.resolve("killed.txt");
            CliRun run = CliRun.inProcess(sampling, "record", "-d", "60", "-o", out.toString(),
                    Integer.toString(target.pid()));
            long end = System.nanoTime();
            killer.join(); // happens-before: killedAt is read after the killer thread ended
            long stoppedAfter = TimeUnit.NANOSECONDS.toMillis(end - killedAt.get());
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("process " + target.pid() + " exited");
            assertThat(stoppedAfter).as("ms from SIGKILL to the end of record").isLessThan(PROMPT_MILLIS);
            RecordEndToEndTest.assertCollapsed(Files.readString(out, StandardCharsets.UTF_8), w);
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void targetThatExecsAnotherProgramEndsTheRecording(String version) throws Exception {
        Path script = workload("exec_later.py");
        try (PythonChild target = PythonChild.runScript(TestPythons.require(version), script, dir)) {
            target.awaitLine("READY");
            CountDownLatch sampling = new CountDownLatch(1);
            AtomicLong execAskedAt = new AtomicLong();
            Thread trigger = new Thread(() -> {
                try {
                    sampling.await();
                    Thread.sleep(500); // half a second of samples of busy()
                    execAskedAt.set(System.nanoTime());
                    target.process().getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
                    target.process().getOutputStream().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            trigger.start();
            Path out = dir.resolve("exec.txt");
            CliRun run = CliRun.inProcess(sampling, "record", "-d", "60", "-o", out.toString(),
                    Integer.toString(target.pid()));
            long end = System.nanoTime();
            trigger.join();
            target.awaitLine("EXEC", java.time.Duration.ofSeconds(1));
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("process " + target.pid() + " exited");
            assertThat(target.process().isAlive()).as("the pid lives on as sleep").isTrue();
            String collapsed = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(collapsed).contains("busy (exec_later.py:");
            assertThat(TimeUnit.NANOSECONDS.toMillis(end - execAskedAt.get())).isLessThan(PROMPT_MILLIS);
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void threadsComingAndGoingAt1kHzStayConsistent(String version) throws Exception {
        Path script = workload("thread_churn.py");
        Path out = dir.resolve("churn.txt");
        // 5 s: more than 1,000 samples even at a third of 1 kHz, as on a loaded 2-core machine where the churning
        // target itself takes most of a core (with 3 s, a third of 1 kHz is 1,000 samples at best).
        CliRun run = CliRun.inProcess("record", "-r", "1000", "--idle", "--threads", "--stats", "-o",
                out.toString(), "--", TestPythons.require(version).toString(), script.toString(), "5");
        assertThat(run.exitCode).as(run.toString()).isZero();
        Matcher m = Pattern.compile("([\\d,]+) samples? in .*? ([\\d,]+) stacks?(, ([\\d,]+) stacks? dropped)?")
                .matcher(run.err);
        assertThat(m.find()).as(run.err).isTrue();
        long walks = Long.parseLong(m.group(1).replace(",", ""));
        long stacks = Long.parseLong(m.group(2).replace(",", ""));
        long errors = m.group(4) == null ? 0 : Long.parseLong(m.group(4).replace(",", ""));
        long inFile = 0;
        long threads = 0;
        java.util.Set<String> roots = new java.util.HashSet<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            inFile += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            roots.add(line.substring(0, line.indexOf(';')));
        }
        threads = roots.size();
        assertThat(inFile).as("stacks written = stacks counted").isEqualTo(stacks);
        assertThat(walks).isGreaterThan(1000);
        assertThat(threads).as("distinct threads seen").isGreaterThan(20);
        assertThat(errors).as("errors are a small share").isLessThan(walks / 2);
        assertThat(run.err).doesNotContain("internal error").doesNotContain("internal decoding fault");
    }
}
