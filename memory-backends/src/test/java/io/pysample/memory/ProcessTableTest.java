package io.pysample.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The process table against real processes: a shell with a child, and a process in its own PID namespace. */
class ProcessTableTest {
    @Test
    void statFieldsAreCountedFromTheLastParenthesis() {
        String line = "4242 (a) b (c) R 17 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 100 200";
        ProcStat s = ProcStat.parse(line);
        assertThat(s.state()).isEqualTo('R');
        assertThat(s.ppid()).isEqualTo(17);
        assertThat(s.startTicks()).isEqualTo(987654L);
        assertThat(ProcStat.parse("garbage")).isEqualTo(new ProcStat('?', -1, -1));
        assertThat(ProcStat.parse("1 (x) S").ppid()).isEqualTo(-1);
    }

    @Test
    void findsAShellAndItsChildWithTheirCommandLinesAndParents() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 30 & echo $!; wait").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(),
                StandardCharsets.UTF_8))) {
            int sleepPid = Integer.parseInt(out.readLine().strip());
            // The background child prints as soon as it is forked, maybe before it execs sleep.
            ProcessTable table = scanUntil(t -> t.get(sleepPid) != null
                    && t.get(sleepPid).commandLine().equals("sleep 30"), shell);

            ProcessTable.Entry sh = table.get((int) shell.pid());
            ProcessTable.Entry sleep = table.get(sleepPid);
            assertThat(sh).isNotNull();
            assertThat(sleep).isNotNull();
            assertThat(sh.commandLine()).isEqualTo("sh -c sleep 30 & echo $!; wait");
            assertThat(sleep.commandLine()).isEqualTo("sleep 30");
            assertThat(sleep.ppid()).isEqualTo(sh.pid());
            assertThat(sleep.startTicks()).isGreaterThanOrEqualTo(sh.startTicks()).isPositive();
            assertThat(sleep.inOtherPidNamespace()).isFalse();
            assertThat(sleep.namespacePid()).isEqualTo(sleepPid);
            assertThat(table.descendantsOf(List.of((int) ProcessHandle.current().pid())))
                    .contains(sh.pid(), sleepPid);
            assertThat(table.descendantsOf(List.of(sh.pid()))).isEqualTo(Set.of(sleepPid));
            assertThat(table.entries()).extracting(ProcessTable.Entry::pid).isSorted();
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
            shell.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProcessInItsOwnPidNamespaceKeepsBothPids() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "unshare --pid needs root");
        Process unshare = new ProcessBuilder("unshare", "--pid", "--fork", "--mount-proc", "sh", "-c",
                "echo $$; exec sleep 30").start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(unshare.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("the shell's pid inside its namespace").isEqualTo("1");
            // The shell prints its pid before it execs sleep: scan until the exec is seen.
            ProcessTable table = scanUntil(t -> innerSleep(t, unshare).isPresent(), unshare);
            ProcessTable.Entry inner = innerSleep(table, unshare).orElseThrow();
            assertThat(inner.namespacePid()).isEqualTo(1);
            assertThat(inner.namespacePids()).hasSize(2).startsWith(inner.pid());
        } finally {
            unshare.descendants().forEach(ProcessHandle::destroyForcibly);
            unshare.destroyForcibly();
            unshare.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static java.util.Optional<ProcessTable.Entry> innerSleep(ProcessTable table, Process unshare) {
        return table.entries().stream()
                .filter(e -> e.commandLine().equals("sleep 30") && e.inOtherPidNamespace())
                .filter(e -> table.descendantsOf(List.of((int) unshare.pid())).contains(e.pid()))
                .findFirst();
    }

    /** Scans until {@code ready} holds, {@code process} ends or 10 s passed; returns the last scan. */
    private static ProcessTable scanUntil(java.util.function.Predicate<ProcessTable> ready, Process process) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ProcessTable table = ProcessTable.scan();
        while (!ready.test(table) && System.nanoTime() < deadline && process.isAlive()) {
            table = ProcessTable.scan();
        }
        return table;
    }
}
