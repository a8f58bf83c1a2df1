package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.agent.store.IntervalQuery;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoreException;
import io.pysample.agent.store.StoredInterval;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent in a child JVM: killed with SIGKILL mid-interval, then restarted on the same store (the earlier
 * intervals are intact and the database passes {@code PRAGMA integrity_check}); the restarted agent ends on
 * SIGTERM with exit 0 after storing its interval in progress.
 */
class AgentCrashTest {
    @TempDir
    Path dir;

    @Test
    void killNineLosesAtMostTheIntervalInProgressAndSigtermFlushes() throws Exception {
        Path db = dir.resolve("profiles.db");
        try (PythonChild target = PythonChild.runWorkload(getClass(), TestPythons.require("3.14"), dir,
                "known_fractions.py", "60", dir.resolve("truth.json").toString())) {
            String[] args = {"agent", "--pid", Integer.toString(target.pid()), "--interval", "1", "--store",
                    db.toString(), "--discovery-period", "0.2"};
            Process first = CliRun.childJvm(dir, args);
            List<StoredInterval> before = awaitIntervals(db, 3, first);
            sleepToMidInterval();
            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).isEqualTo(137);
            List<StoredInterval> afterKill = read(db);
            assertThat(afterKill.size()).isGreaterThanOrEqualTo(before.size());

            Process second = CliRun.childJvm(dir, args);
            List<StoredInterval> resumed = awaitIntervals(db, afterKill.size() + 2, second);
            // Mid-interval: right after a boundary the interval in progress may hold no sample yet, and an interval
            // without samples is not stored (CI once sent SIGTERM within milliseconds of a cut).
            sleepToMidInterval();
            second.destroy(); // SIGTERM
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("child.err"), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).as(err).isZero();
            assertThat(err).contains("intervals stored");

            List<StoredInterval> end = read(db);
            // The earlier intervals unchanged (ids, bounds, samples, profiles), the new ones after them.
            for (int k = 0; k < afterKill.size(); k++) {
                StoredInterval was = afterKill.get(k);
                StoredInterval is = end.get(k);
                assertThat(is.id()).isEqualTo(was.id());
                assertThat(is.startNanos()).isEqualTo(was.startNanos());
                assertThat(is.samples()).isEqualTo(was.samples());
            }
            assertThat(end.size()).as("the interval in progress at SIGTERM is stored").isGreaterThan(resumed.size());
            assertThat(end.get(afterKill.size()).startNanos())
                    .isGreaterThanOrEqualTo(afterKill.get(afterKill.size() - 1).endNanos());
            try (ProfileStore store = ProfileStore.openExisting(db)) {
                assertThat(store.integrityCheck()).isEqualTo("ok");
                store.forEach(IntervalQuery.all(), i -> assertThat(i.pprof()).isNotEmpty());
            }
        }
    }

    /** Sleeps until half-way through the current 1 s interval (the agent's boundaries are whole epoch seconds). */
    private static void sleepToMidInterval() throws InterruptedException {
        long intoSecond = System.currentTimeMillis() % 1000;
        Thread.sleep(Math.floorMod(500 - intoSecond, 1000));
    }

    private static List<StoredInterval> awaitIntervals(Path db, int n, Process agent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(db)) {
                try {
                    List<StoredInterval> all = read(db);
                    if (all.size() >= n) {
                        return all;
                    }
                } catch (StoreException e) {
                    // the agent is creating the store's tables
                }
            }
            assertThat(agent.isAlive()).as("agent alive").isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + n + " intervals within 60 s");
    }

    private static List<StoredInterval> read(Path db) throws Exception {
        try (ProfileStore store = ProfileStore.openExisting(db)) {
            return store.find(IntervalQuery.all());
        }
    }
}
