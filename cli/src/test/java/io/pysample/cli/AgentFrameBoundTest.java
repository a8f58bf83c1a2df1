package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.agent.store.IntervalQuery;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoredInterval;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target that keeps creating code (a new function every few milliseconds) grows its session's frame table; past
 * the bound the agent attaches to it afresh at the next boundary and goes on storing its intervals.
 */
class AgentFrameBoundTest {
    private static final String CHURN = "import time\nprint('READY', flush=True)\ni = 0\nwhile True:\n"
            + "    i += 1\n"
            + "    exec(f'def f{i}():\\n    end = time.perf_counter() + 0.004\\n'\n"
            + "         f'    while time.perf_counter() < end:\\n        pass\\nf{i}()')\n";

    @TempDir
    Path dir;

    @Test
    void aSessionPastTheFrameBoundIsAttachedAfresh() throws Exception {
        Path db = dir.resolve("profiles.db");
        try (PythonChild target = PythonChild.run(TestPythons.require("3.14"), dir, "churn.py", CHURN)) {
            target.awaitLine("READY", Duration.ofSeconds(20));
            CliRun run = CliRun.inProcess("agent", "--pid", Integer.toString(target.pid()), "--interval", "1", "-d",
                    "4.5", "--store", db.toString(), "--discovery-period", "0.1", "--max-frames", "40");
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.err).contains("pysample agent: pid " + target.pid() + " has ")
                    .contains("(more than 40): attaching afresh");
            List<StoredInterval> stored;
            try (ProfileStore store = ProfileStore.openExisting(db)) {
                stored = store.find(IntervalQuery.all());
            }
            assertThat(stored).as(run.err).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(i -> assertThat(i.pid()).isEqualTo(target.pid()));
            // Sampling went on after the re-attachments (one at nearly every boundary with this bound).
            assertThat(stored.get(stored.size() - 1).samples()).isPositive();
        }
    }
}
