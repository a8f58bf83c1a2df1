package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code record --mode} and the {@code <GC>} frame against {@code workloads/modes.py}: its main thread spins inside an
 * except block ({@code in_handler}), outside of one ({@code outside_handler}) and collects cyclic garbage
 * ({@code make_garbage}); a second thread waits on a lock.
 */
class RecordModesTest {
    @TempDir
    Path dir;

    private List<String> record(String version, String... options) throws Exception {
        Path script = PythonChild.copyWorkload(getClass(), dir, "modes.py");
        Path out = dir.resolve("modes-" + String.join("", options) + ".txt");
        String[] args = new String[options.length + 8];
        int i = 0;
        for (String a : new String[] {"record", "-r", "200", "-f", "collapsed", "-o", out.toString()}) {
            args[i++] = a;
        }
        for (String o : options) {
            args[i++] = o;
        }
        args[i] = "--";
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = TestPythons.require(version).toString();
        all[args.length + 1] = script.toString();
        String[] withSeconds = java.util.Arrays.copyOf(all, all.length + 1);
        withSeconds[all.length] = "3";
        CliRun run = CliRun.inProcess(withSeconds);
        assertThat(run.exitCode).as(run.toString()).isZero();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }

    private static long count(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void cpuLeavesOutTheSleeperWallKeepsIt(String version) throws Exception {
        List<String> cpu = record(version, "--mode", "cpu");
        assertThat(count(cpu, "outside_handler")).as("cpu: the spinning thread").isGreaterThan(50);
        assertThat(count(cpu, "sleeper (")).as("cpu: the sleeping thread").isLessThanOrEqualTo(2);
        List<String> wall = record(version, "--mode", "wall");
        assertThat(count(wall, "sleeper (")).as("wall: the sleeping thread").isGreaterThan(50);
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void gcFrameOnTopWhileCollectingUnlessNoGc(String version) throws Exception {
        List<String> with = record(version);
        long gc = with.stream().filter(l -> l.substring(0, l.lastIndexOf(' ')).endsWith(";<GC>"))
                .filter(l -> l.contains("make_garbage")).count();
        assertThat(gc).as("stacks of make_garbage topped by <GC>").isPositive();
        // Automatic collections may start anywhere, but nearly all collecting happens in make_garbage.
        long inMakeGarbage = with.stream().filter(l -> l.contains("<GC>") && l.contains("make_garbage"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(inMakeGarbage).as("<GC> samples in make_garbage").isGreaterThanOrEqualTo(count(with, "<GC>") * 9 / 10);
        List<String> without = record(version, "--no-gc");
        assertThat(count(without, "<GC>")).isZero();
        assertThat(count(without, "make_garbage")).isPositive();
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void exceptionModeRecordsOnlyHandlers(String version) throws Exception {
        if (version.equals("3.13") || version.equals("3.14")) {
            Path script = PythonChild.copyWorkload(getClass(), dir, "modes.py");
            CliRun run = CliRun.inProcess("record", "--mode", "exception", "-o", dir.resolve("x.txt").toString(), "--",
                    TestPythons.require(version).toString(), script.toString(), "1");
            assertThat(run.exitCode).as(run.toString()).isNotZero();
            assertThat(run.err).contains("3.15");
            return;
        }
        List<String> exc = record(version, "--mode", "exception");
        assertThat(count(exc, "in_handler")).as("in the except block").isGreaterThan(50);
        assertThat(count(exc, "outside_handler")).as("outside any except block").isZero();
        assertThat(count(exc, "sleeper (")).isZero();
    }
}
