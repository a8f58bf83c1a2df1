package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.agent.store.IntervalQuery;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoredInterval;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pysample agent} against a workload with a known split of time (known_fractions.py: about 20/30/50 %, measured
 * by the workload itself) for several 1-second intervals, then {@code pysample report} over the store: the whole
 * range gives the measured shares; a sub-range gives exactly the samples of the intervals inside it. The agent is
 * started first and finds the workload by {@code --match}, so that sampling covers the workload's measured life.
 * Tolerance: 2 points, or 4.5 standard errors if wider, counting a third of the samples as independent (the
 * workload's slices last 1 to 7.5 ms: at 1 kHz neighbouring samples mostly fall into the same slice).
 */
class AgentEndToEndTest {
    private static final double TOLERANCE = 0.02;
    private static final double SIGMAS = 4.5;
    private static final double INDEPENDENT_SHARE = 1 / 3.0;
    private static final List<String> NAMES = List.of("fa", "fb", "fc");

    /** What the agent prints once it runs. */
    static final String AGENT_READY = "pysample agent: profiling ";

    @TempDir
    Path dir;

    @Test
    void reportOfTheStoredIntervalsMatchesTheWorkloadsOwnMeasurement() throws Exception {
        Path script = PythonChild.copyWorkload(getClass(), dir, "known_fractions.py");
        Path truthFile = dir.resolve("truth.json");
        Path db = dir.resolve("profiles.db");
        CountDownLatch ready = new CountDownLatch(1);
        CompletableFuture<CliRun> agent = CompletableFuture.supplyAsync(() -> CliRun.inProcess(AGENT_READY, ready,
                "agent", "--match", Pattern.quote(script.toString()), "--interval", "1", "-r", "1000", "-d", "7.5",
                "--store", db.toString(), "--discovery-period", "0.05", "--tag", "env=test"));
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("agent started").isTrue();
        try (PythonChild workload = PythonChild.runScript(TestPythons.require("3.14"), script, dir, "5.5",
                truthFile.toString())) {
            assertThat(workload.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            CliRun run = agent.get(60, TimeUnit.SECONDS);
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("pysample agent: profiling processes matching")
                    .containsPattern("\\d+ intervals stored");
        }
        JsonNode truth = new ObjectMapper().readTree(truthFile.toFile());

        List<StoredInterval> stored;
        try (ProfileStore store = ProfileStore.openExisting(db)) {
            stored = store.find(IntervalQuery.all());
        }
        assertThat(stored).as("intervals").hasSizeGreaterThanOrEqualTo(4);
        for (StoredInterval i : stored) {
            assertThat(i.service()).isEqualTo("known_fractions");
            assertThat(i.labels()).containsEntry("env", "test").doesNotContainKey("namespace_pid");
            assertThat(i.source().pythonVersion()).startsWith("3.14");
            assertThat(i.source().sampleType()).isEqualTo("process_cpu");
        }
        // Boundaries on whole seconds (the first start and the last end are when sampling began and ended).
        for (int k = 0; k < stored.size() - 1; k++) {
            assertThat(stored.get(k).endNanos() % 1_000_000_000L).as("end of interval %d", k).isZero();
            assertThat(stored.get(k + 1).startNanos()).isEqualTo(stored.get(k).endNanos());
        }

        Path all = dir.resolve("all.txt");
        CliRun report = CliRun.inProcess("report", "--store", db.toString(), "-f", "collapsed", "-o", all.toString());
        assertThat(report.exitCode).as(report.toString()).isZero();
        long[] counts = count(all);
        long total = counts[3];
        assertThat(total).as("samples").isGreaterThan(1000);
        for (int f = 0; f < 3; f++) {
            double measured = truth.get(NAMES.get(f)).asDouble();
            double sampled = (double) counts[f] / total;
            double bound = Math.max(TOLERANCE, SIGMAS * Math.sqrt(measured * (1 - measured)
                    / (total * INDEPENDENT_SHARE)));
            assertThat(sampled).as("%s: sampled %.4f vs measured %.4f over %d samples", NAMES.get(f), sampled,
                    measured, total).isCloseTo(measured, Offset.offset(bound));
        }

        // The second and third intervals only: [start of the 2nd, end of the 3rd).
        StoredInterval second = stored.get(1);
        StoredInterval third = stored.get(2);
        Path sub = dir.resolve("sub.txt");
        report = CliRun.inProcess("report", "--store", db.toString(), "-f", "collapsed", "--from",
                instant(second.startNanos()), "--to", instant(third.endNanos()), "-o", sub.toString());
        assertThat(report.exitCode).as(report.toString()).isZero();
        assertThat(sum(sub)).isEqualTo(second.samples() + third.samples());
    }

    private static String instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos).toString();
    }

    /** Samples in fa, fb, fc under main, and all samples under main. */
    private static long[] count(Path collapsed) throws Exception {
        long[] out = new long[4];
        for (String line : Files.readAllLines(collapsed, StandardCharsets.UTF_8)) {
            int space = line.lastIndexOf(' ');
            long n = Long.parseLong(line.substring(space + 1));
            String stack = line.substring(0, space);
            if (!stack.contains("main (known_fractions.py")) {
                continue; // start-up before the measured loop
            }
            out[3] += n;
            for (int f = 0; f < 3; f++) {
                if (stack.contains(";" + NAMES.get(f) + " (known_fractions.py")) {
                    out[f] += n;
                }
            }
        }
        return out;
    }

    private static long sum(Path collapsed) throws Exception {
        long n = 0;
        for (String line : Files.readAllLines(collapsed, StandardCharsets.UTF_8)) {
            n += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        }
        return n;
    }
}
