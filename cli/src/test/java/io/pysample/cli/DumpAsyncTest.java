package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.testsupport.AsyncioTree;
import io.pysample.testsupport.PythonChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code dump --async} and {@code record --async-aware} from the command line: output on 3.14+, refusal on 3.13. */
class DumpAsyncTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void dumpAsyncPrintsEveryTaskWithItsAwaiters(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir)) {
            CliRun r = CliRun.inProcess("dump", "--async", String.valueOf(child.pid()));
            assertThat(r.exitCode).as(r.err).isZero();
            assertThat(r.out).contains("asyncio tasks: 7");
            // leaf-3 waits in Event.wait, awaited by parent-B (through nested_b), which the TaskGroup's Task-1 awaits
            String leaf3 = r.out.substring(r.out.indexOf("Task \"leaf-3\" (waiting)"));
            assertThat(leaf3.lines().limit(9).map(String::strip).toList()).satisfiesExactly(
                    l -> assertThat(l).isEqualTo("Task \"leaf-3\" (waiting)"),
                    l -> assertThat(l).startsWith("Event.wait ("),
                    l -> assertThat(l).startsWith("middle (").contains("asyncio_tree.py:"),
                    l -> assertThat(l).startsWith("leaf_wait ("),
                    l -> assertThat(l).isEqualTo("awaited by task \"parent-B\":"),
                    l -> assertThat(l).startsWith("nested_b ("),
                    l -> assertThat(l).startsWith("parent_b ("),
                    l -> assertThat(l).isEqualTo("awaited by task \"Task-1\":"),
                    l -> assertThat(l).startsWith("TaskGroup._aexit ("));
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void recordAsyncAwareReplacesTheEventLoopWithTheAwaitingTasks(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir)) {
            Path out = dir.resolve("p.txt");
            CliRun r = CliRun.inProcess("record", "--async-aware", "--async-mode", "all", "-r", "200", "-d", "2",
                    "-o", out.toString(), String.valueOf(child.pid()));
            assertThat(r.exitCode).as(r.err).isZero();
            List<String> lines = Files.readAllLines(out);
            long hot = 0;
            long asTask = 0;
            for (String l : lines) {
                if (l.contains("hot_async_function")) {
                    long n = Long.parseLong(l.substring(l.lastIndexOf(' ') + 1));
                    hot += n;
                    if (l.startsWith("Task-1") && l.contains("spinner (<task>);spinner (") && !l.contains("run_forever")) {
                        asTask += n;
                    }
                }
            }
            assertThat(hot).as(String.join("\n", lines)).isGreaterThan(50);
            assertThat(asTask).as(String.join("\n", lines)).isGreaterThan(hot * 8 / 10);
            assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("Task-1").contains("parent-A")
                    .contains("leaf-1 (<task>);leaf_wait (").contains("middle").contains("Event.wait"));
        }
    }

    @Test
    void python313IsRefusedAsUsageError() throws Exception {
        try (PythonChild child = AsyncioTree.start("3.13", dir)) {
            CliRun d = CliRun.inProcess("dump", "--async", String.valueOf(child.pid()));
            assertThat(d.exitCode).as(d.err).isEqualTo(ExitCodes.USAGE);
            assertThat(d.err.strip()).contains("3.14").doesNotContain("\n");
            CliRun r = CliRun.inProcess("record", "--async-aware", "-d", "1", "-o",
                    dir.resolve("p.txt").toString(), String.valueOf(child.pid()));
            assertThat(r.exitCode).as(r.err).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err).contains("--async-aware needs CPython 3.14");
        }
    }
}
