package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.testsupport.AsyncioTree;
import io.pysample.testsupport.PythonChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dump --async [--json]} and {@code record --async-aware} from the command line: output on 3.14+, refusal on
 * 3.13. The JSON form is checked against the call graph {@code asyncio_tree.py} reports about itself.
 */
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
    void dumpAsyncJsonMatchesTheTargetsOwnCallGraph(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir)) {
            JsonNode truth = new ObjectMapper().readTree(AsyncioTree.truthFile(dir).toFile());
            CliRun r = CliRun.inProcess("dump", "--async", "--json", String.valueOf(child.pid()));
            assertThat(r.exitCode).as(r.err).isZero();
            JsonNode root = new ObjectMapper().readTree(r.out);
            assertThat(root.get("pid").asInt()).isEqualTo(child.pid());
            assertThat(root.get("threads").get(0).get("frames").isArray()).isTrue(); // the plain dump is still there
            JsonNode asyncio = root.get("asyncio");
            assertThat(fieldNames(asyncio)).containsExactly("mode", "threads");
            assertThat(asyncio.get("mode").asText()).isEqualTo("all");
            // One event loop, on the main thread (whose native id is the pid)
            assertThat(asyncio.get("threads")).hasSize(1);
            assertThat(asyncio.get("threads").get(0).get("native_thread_id").asLong()).isEqualTo(child.pid());
            Map<String, JsonNode> tasks = tasksByName(asyncio);
            Map<Long, String> names = new HashMap<>();
            tasks.forEach((name, t) -> names.put(t.get("task_id").asLong(), name));
            assertThat(tasks.keySet()).containsExactlyInAnyOrder("Task-1", "parent-A", "parent-B", "leaf-1",
                    "leaf-2", "leaf-3", "spinner");
            for (JsonNode t : tasks.values()) {
                assertThat(fieldNames(t)).containsExactly("task_id", "name", "state", "frames", "awaited_by");
                assertThat(t.get("state").asText()).isIn("running", "waiting");
                for (JsonNode id : t.get("awaited_by")) {
                    assertThat(names).as("awaited_by of " + t.get("name")).containsKey(id.asLong());
                }
                for (JsonNode f : t.get("frames")) {
                    assertThat(fieldNames(f)).containsExactly("function", "file", "line", "first_line");
                    // a task's own frames: the event loop's are below the task, not in it
                    assertThat(f.get("function").asText()).isNotIn("BaseEventLoop.run_forever", "Handle._run");
                }
            }
            assertThat(assertMatchesTruth(truth, tasks, names)).isEqualTo(5);
            // Task-1 waits in the TaskGroup's exit; the spinner (running or not) is its own coroutine down to spinner
            assertThat(functions(tasks.get("Task-1"))).containsSubsequence("TaskGroup._aexit", "main").endsWith(
                    "main");
            assertThat(tasks.get("Task-1").get("awaited_by")).isEmpty();
            assertThat(functions(tasks.get("spinner"))).endsWith("spinner");
            assertThat(names.get(tasks.get("spinner").get("awaited_by").get(0).asLong())).isEqualTo("Task-1");
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void dumpAsyncOfAThousandMoreTasksMatchesTheTargetsOwnCallGraph(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir, 1000)) {
            JsonNode truth = new ObjectMapper().readTree(AsyncioTree.truthFile(dir).toFile());
            assertThat(truth.get("tasks")).hasSize(1006); // Task-1, parent-A/B, leaf-1..3, 1,000 bulk tasks
            CliRun r = CliRun.inProcess("dump", "--async", "--json", String.valueOf(child.pid()));
            assertThat(r.exitCode).as(r.err).isZero();
            Map<String, JsonNode> tasks = tasksByName(new ObjectMapper().readTree(r.out).get("asyncio"));
            Map<Long, String> names = new HashMap<>();
            tasks.forEach((name, t) -> names.put(t.get("task_id").asLong(), name));
            assertThat(tasks).hasSize(1007); // and the spinner
            assertThat(assertMatchesTruth(truth, tasks, names)).isEqualTo(1005);
            assertThat(functions(tasks.get("bulk-0.3.2.0"))).containsExactly("Event.wait", "middle", "leaf_wait",
                    "bulk");

            CliRun text = CliRun.inProcess("dump", "--async", String.valueOf(child.pid()));
            assertThat(text.exitCode).as(text.err).isZero();
            assertThat(text.out).contains("asyncio tasks: 1007");
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void runningModeShowsOnlyTheRunningTaskAndItsAwaiters(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir)) {
            Map<String, JsonNode> tasks = Map.of();
            // The spinner runs a step most of the time (4 ms busy, then sleep(0)); take dumps until one sees it.
            for (int i = 0; i < 50 && !tasks.containsKey("spinner"); i++) {
                CliRun r = CliRun.inProcess("dump", "--async", "--async-mode", "running", "--json",
                        String.valueOf(child.pid()));
                assertThat(r.exitCode).as(r.err).isZero();
                JsonNode asyncio = new ObjectMapper().readTree(r.out).get("asyncio");
                assertThat(asyncio.get("mode").asText()).isEqualTo("running");
                tasks = tasksByName(asyncio);
                assertThat(tasks.keySet()).as("the parked tasks never run").isSubsetOf("spinner", "Task-1");
            }
            assertThat(tasks).containsOnlyKeys("spinner", "Task-1");
            JsonNode spinner = tasks.get("spinner");
            assertThat(spinner.get("state").asText()).isEqualTo("running");
            assertThat(functions(spinner)).endsWith("spinner"); // the thread's frames down to the task's coroutine
            assertThat(spinner.get("awaited_by")).hasSize(1);
            assertThat(spinner.get("awaited_by").get(0).asLong()).isEqualTo(tasks.get("Task-1").get("task_id")
                    .asLong());
            assertThat(tasks.get("Task-1").get("state").asText()).isEqualTo("waiting");

            CliRun text = CliRun.inProcess("dump", "--async", "--async-mode", "running", String.valueOf(child.pid()));
            assertThat(text.exitCode).as(text.err).isZero();
            assertThat(text.out).doesNotContain("leaf-3").doesNotContain("parent-A");
        }
    }

    /**
     * Checks every task of the target's ground truth but Task-1 (running when it reported itself) against the
     * dump: waiting, frames innermost first with file and line, awaiters by name.
     *
     * @return the tasks checked
     */
    private static int assertMatchesTruth(JsonNode truth, Map<String, JsonNode> tasks, Map<Long, String> names) {
        int checked = 0;
        for (JsonNode expected : truth.get("tasks")) {
            String name = expected.get("name").asText();
            if (name.equals("Task-1")) {
                continue; // it was running when it reported itself
            }
            JsonNode t = tasks.get(name);
            assertThat(t.get("state").asText()).as(name).isEqualTo("waiting");
            List<String> frames = new ArrayList<>();
            List<String> want = new ArrayList<>();
            for (int i = 0; i < t.get("frames").size(); i++) {
                JsonNode f = t.get("frames").get(i);
                frames.add(f.get("function").asText() + " " + f.get("file").asText() + ":" + f.get("line").asInt());
            }
            for (int i = 0; i < expected.get("chain").size(); i++) {
                want.add(expected.get("chain").get(i).asText() + " " + expected.get("files").get(i).asText() + ":"
                        + expected.get("lines").get(i).asInt());
            }
            assertThat(frames).as("frames of " + name + ", innermost first").isEqualTo(want);
            List<String> awaiters = new ArrayList<>();
            t.get("awaited_by").forEach(id -> awaiters.add(names.get(id.asLong())));
            awaiters.sort(null);
            List<String> wantAwaiters = new ArrayList<>();
            expected.get("awaited_by").forEach(n -> wantAwaiters.add(n.asText()));
            assertThat(awaiters).as("awaited_by of " + name).isEqualTo(wantAwaiters);
            checked++;
        }
        return checked;
    }

    private static Map<String, JsonNode> tasksByName(JsonNode asyncio) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode thread : asyncio.get("threads")) {
            for (JsonNode t : thread.get("tasks")) {
                assertThat(out.put(t.get("name").asText(), t)).as("task names are unique here").isNull();
            }
        }
        return out;
    }

    private static List<String> functions(JsonNode task) {
        List<String> out = new ArrayList<>();
        task.get("frames").forEach(f -> out.add(f.get("function").asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
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
            CliRun j = CliRun.inProcess("dump", "--async", "--json", String.valueOf(child.pid()));
            assertThat(j.exitCode).as(j.err).isEqualTo(ExitCodes.USAGE);
            assertThat(j.err.strip()).contains("--async needs CPython 3.14").doesNotContain("\n");
            assertThat(j.out).isEmpty();
            CliRun m = CliRun.inProcess("dump", "--async-mode", "all", String.valueOf(child.pid()));
            assertThat(m.exitCode).as(m.err).isEqualTo(ExitCodes.USAGE);
            assertThat(m.err).contains("--async-mode needs --async");
            CliRun r = CliRun.inProcess("record", "--async-aware", "-d", "1", "-o",
                    dir.resolve("p.txt").toString(), String.valueOf(child.pid()));
            assertThat(r.exitCode).as(r.err).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err).contains("--async-aware needs CPython 3.14");
        }
    }
}
