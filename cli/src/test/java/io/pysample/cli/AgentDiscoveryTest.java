package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.agent.store.IntervalQuery;
import io.pysample.agent.store.ProfileStore;
import io.pysample.agent.store.StoredInterval;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery with {@code --match}: a process there from the start, one started during the run, one restarted (new
 * pid, same command line), a shell that {@code exec}s Python after a second (same pid and start time, new command
 * line), one in its own PID namespace (root only), and two refusals (a process that is not Python, an older
 * CPython or, without one, another non-CPython program) reported once each over ~30 scans.
 */
class AgentDiscoveryTest {
    /** Busy 20 ms out of 50, so that active-thread samples exist without taking a core. */
    private static final String WORK = "import sys, time\nprint('READY', flush=True)\nwhile True:\n"
            + "    end = time.perf_counter() + 0.02\n    while time.perf_counter() < end:\n        pass\n"
            + "    time.sleep(0.03)\n";

    /** What the agent prints once it runs. */
    static final String AGENT_READY = "pysample agent: profiling ";

    @TempDir
    Path dir;

    @Test
    void newRestartedAndNamespacedProcessesAreProfiledAndRefusalsReportedOnce() throws Exception {
        Path py = TestPythons.require("3.14");
        List<Process> others = new ArrayList<>();
        PythonChild a = start(py, "agentdisc_a.py");
        PythonChild b = null;
        PythonChild restarted = null;
        try {
            Process notPython = new ProcessBuilder("bash", "-c", "sleep 60; true",
                    dir.resolve("agentdisc_nonpy").toString()).start();
            others.add(notPython);
            Files.writeString(dir.resolve("agentdisc_exec.py"), WORK);
            Process execs = new ProcessBuilder("bash", "-c", "sleep 1.5; exec \"$0\" \"$1\"", py.toString(),
                    dir.resolve("agentdisc_exec.py").toString()).start();
            others.add(execs);
            Files.writeString(dir.resolve("agentdisc_old.py"), "import time\ntime.sleep(60)\n");
            Path old = olderPython();
            Process refused = (old != null ? new ProcessBuilder(old.toString(), dir.resolve("agentdisc_old.py")
                    .toString()) : new ProcessBuilder("perl", "-e", "sleep 60",
                    dir.resolve("agentdisc_old").toString())).start();
            others.add(refused);
            boolean namespaces = isRoot() && Files.isExecutable(Path.of("/usr/bin/unshare"));
            if (namespaces) {
                Files.writeString(dir.resolve("agentdisc_ns.py"), WORK);
                others.add(new ProcessBuilder("/usr/bin/unshare", "--pid", "--fork", "--mount-proc", py.toString(),
                        dir.resolve("agentdisc_ns.py").toString()).start());
            }
            Path db = dir.resolve("profiles.db");
            // This test's processes only (their command lines name its directory), not those of another run of the
            // suite on the same machine.
            String match = Pattern.quote(dir.resolve("agentdisc_").toString());
            CountDownLatch ready = new CountDownLatch(1);
            CompletableFuture<CliRun> agent = CompletableFuture.supplyAsync(() -> CliRun.inProcess(AGENT_READY, ready,
                    "agent", "--match", match, "--interval", "1", "-d", "7", "--store", db.toString(),
                    "--discovery-period", "0.2", "--status-period", "2"));
            assertThat(ready.await(60, TimeUnit.SECONDS)).as("agent started").isTrue();
            Thread.sleep(1500);
            b = start(TestPythons.require("3.13"), "agentdisc_b.py");
            Thread.sleep(1500);
            a.close();
            a.process().waitFor(5, TimeUnit.SECONDS);
            restarted = start(py, "agentdisc_a.py");
            // From READY: the interpreter's own start-up (a second or more on a loaded machine) is not the agent's.
            long restartedAt = System.currentTimeMillis() * 1_000_000L;
            CliRun run = agent.get(60, TimeUnit.SECONDS);
            assertThat(run.exitCode).as(run.toString()).isZero();

            List<StoredInterval> stored;
            try (ProfileStore store = ProfileStore.openExisting(db)) {
                stored = store.find(IntervalQuery.all());
            }
            assertThat(pids(stored, "agentdisc_a")).as(run.toString()).contains(a.pid(), restarted.pid());
            assertThat(pids(stored, "agentdisc_b")).containsExactly(b.pid());
            int restartedPid = restarted.pid();
            long firstOfRestart = stored.stream().filter(i -> i.pid() == restartedPid)
                    .mapToLong(StoredInterval::startNanos).min().orElseThrow();
            assertThat(firstOfRestart - restartedAt).as("restart picked up within a discovery period and slack")
                    .isLessThan(Duration.ofMillis(1500).toNanos());
            assertThat(pids(stored, "agentdisc_exec")).as(run.err).containsExactly((int) execs.pid());
            if (namespaces) {
                List<StoredInterval> ns = stored.stream().filter(i -> i.service().equals("agentdisc_ns")).toList();
                assertThat(ns).as(run.toString()).isNotEmpty();
                assertThat(ns).allSatisfy(i -> {
                    assertThat(i.labels()).containsEntry("namespace_pid", "1");
                    assertThat(i.pid()).isNotEqualTo(1);
                });
            }
            assertThat(lines(run.err, "skipping pid " + notPython.pid() + " ")).as(run.err).isEqualTo(1);
            assertThat(lines(run.err, "skipping pid " + refused.pid() + " ")).as(run.err).isEqualTo(1);
            assertThat(run.err).contains(" refused").contains(" targets, ");
        } finally {
            a.close();
            for (PythonChild c : new PythonChild[] {b, restarted}) {
                if (c != null) {
                    c.close();
                }
            }
            for (Process p : others) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private PythonChild start(Path python, String name) throws Exception {
        PythonChild c = PythonChild.run(python, dir, name, WORK);
        c.awaitLine("READY", Duration.ofSeconds(20));
        return c;
    }

    private static List<Integer> pids(List<StoredInterval> stored, String service) {
        return stored.stream().filter(i -> i.service().equals(service)).map(StoredInterval::pid).distinct()
                .sorted(Comparator.naturalOrder()).toList();
    }

    private static long lines(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .anyMatch(l -> l.startsWith("Uid:") && l.substring(4).strip().startsWith("0"));
        } catch (IOException e) {
            return false;
        }
    }

    /** A CPython older than 3.13 (pyenv's, if any), or null. */
    private static Path olderPython() throws IOException {
        Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        if (!Files.isDirectory(versions)) {
            return null;
        }
        try (Stream<Path> s = Files.list(versions)) {
            return s.filter(p -> p.getFileName().toString().matches("3\\.(9|1[0-2])\\..*"))
                    .map(p -> p.resolve("bin").resolve("python3")).filter(Files::isExecutable).findFirst()
                    .orElse(null);
        }
    }
}
