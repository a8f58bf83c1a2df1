package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code record --subprocesses} against a real parent that starts a multiprocessing pool, a Python subprocess and a
 * non-Python one only after recording began: every Python process's own hot function is found under its
 * {@code [pid N: command]} root, the non-Python one is skipped silently.
 */
class RecordSubprocessesEndToEndTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @ValueSource(strings = {"3.13", "3.14"})
    void descendantsStartedDuringTheRecordingAreSampledUnderTheirPid(String version) throws Exception {
        Path script = PythonChild.copyWorkload(getClass(), dir, "process_tree.py");
        Path out = dir.resolve("tree.txt");
        JsonNode pids = null;
        try (PythonChild parent = PythonChild.runScript(TestPythons.require(version), script, dir, dir.toString())) {
            parent.awaitLine("READY", Duration.ofSeconds(30));
            CountDownLatch sampling = new CountDownLatch(1);
            Thread go = new Thread(() -> {
                try {
                    sampling.await();
                    Files.writeString(dir.resolve("go"), "");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            go.start();
            CliRun run = CliRun.inProcess(sampling, "record", "--subprocesses", "-r", "100", "-d", "8", "-o",
                    out.toString(), Integer.toString(parent.pid()));
            go.join();
            parent.awaitLine("PIDS", Duration.ofSeconds(30));
            pids = new ObjectMapper().readTree(dir.resolve("pids.json").toFile());
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).doesNotContain("sleep").doesNotContain("Exception");
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            String all = String.join("\n", lines);
            assertHot(lines, pids.get("parent").asInt(), "parent_hot_function", all);
            for (JsonNode worker : pids.get("pool")) {
                assertHot(lines, worker.asInt(), "pool_hot_function", all);
            }
            assertHot(lines, pids.get("child").asInt(), "child_hot_function", all);
            String sleepRoot = "[pid " + pids.get("sleep").asInt() + ":";
            assertThat(lines).noneMatch(l -> l.startsWith(sleepRoot));
            String childRoot = "[pid " + pids.get("child").asInt() + ": ";
            assertThat(lines).filteredOn(l -> l.contains("child_hot_function")).allMatch(l -> l.startsWith(childRoot));
        } finally {
            if (pids != null) {
                List<String> kill = new ArrayList<>(List.of("kill", "-KILL"));
                pids.get("pool").forEach(p -> kill.add(p.asText()));
                kill.add(pids.get("child").asText());
                kill.add(pids.get("sleep").asText());
                new ProcessBuilder(kill).start().waitFor();
            }
        }
    }

    private static void assertHot(List<String> lines, int pid, String function, String all) {
        long n = 0;
        for (String l : lines) {
            if (l.startsWith("[pid " + pid + ": ") && l.contains(function)) {
                n += Long.parseLong(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        // ~4 s busy at 100 Hz, minus up to ~1 s until a descendant scan finds it (two for a fork that attached
        // before its exec), and fewer on a loaded machine where one sampling thread serves five processes
        assertThat(n).as(function + " in pid " + pid + ":\n" + all).isGreaterThan(10);
    }

    @Test
    void speedscopeIsRefusedWithSubprocesses() {
        CliRun run = CliRun.inProcess("record", "--subprocesses", "-f", "speedscope", "-o",
                dir.resolve("x.json").toString(), "1");
        assertThat(run.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err).contains("--subprocesses");
    }
}
