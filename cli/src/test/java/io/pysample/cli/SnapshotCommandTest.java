package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code pysample snapshot} against a CPython 3.14/3.15 workload whose locals, object counts, asyncio tasks and
 * threads are known.
 */
class SnapshotCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void jsonSnapshotHasTheKnownLocalsCountsTasksAndThreads(String version) throws Exception {
        Set<String> before = RemoteTarget.stagingDirectories();
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy")) {
            CliRun run = CliRun.inProcess("snapshot", "--all", "--json", "--repr-length", "60", t.pidArg());
            assertThat(run.exitCode).as(run.toString()).isZero();
            JsonNode doc = JSON.readTree(run.out);
            assertThat(doc.get("pid").asInt()).isEqualTo(t.pid());
            assertThat(doc.get("python").asText()).startsWith(version + ".");
            assertThat(doc.get("errors").size()).as(doc.get("errors").toString()).isZero();
            assertThat(doc.at("/thread/name").asText()).isEqualTo("MainThread");
            assertThat(doc.at("/thread/native_id").asLong()).isEqualTo(t.tids.get("MainThread"));

            // locals: park(alpha=42, beta='x'*5000) in thread "parker", repr cut at 60 characters
            JsonNode parker = thread(doc.at("/locals/threads"), "parker");
            assertThat(parker.get("native_id").asLong()).isEqualTo(t.tids.get("parker"));
            JsonNode park = null;
            for (JsonNode f : parker.get("frames")) {
                if (f.get("function").asText().equals("park")) {
                    park = f;
                }
            }
            assertThat(park).as(parker.toString()).isNotNull();
            assertThat(park.get("file").asText()).endsWith("remote_target.py");
            JsonNode alpha = park.at("/locals/alpha");
            assertThat(alpha.get("repr").asText()).isEqualTo("42");
            assertThat(alpha.get("type").asText()).isEqualTo("int");
            JsonNode beta = park.at("/locals/beta");
            assertThat(beta.get("type").asText()).isEqualTo("str");
            assertThat(beta.get("length").asInt()).isEqualTo(5000);
            assertThat(beta.get("truncated").asBoolean()).isTrue();
            assertThat(beta.get("repr").asText()).hasSize(60).isEqualTo("'" + "x".repeat(59));
            // The thread that ran the snapshot shows the target's own frames, not the injected script's.
            JsonNode main = thread(doc.at("/locals/threads"), "MainThread");
            assertThat(main.get("current").asBoolean()).isTrue();
            assertThat(main.at("/frames/0/function").asText()).isEqualTo("<module>");
            assertThat(main.at("/frames/0/file").asText()).endsWith("remote_target.py");
            assertThat(main.at("/frames/0/locals/mode/repr").asText()).isEqualTo("'busy'");

            // gc: exactly 12345 Marker instances
            Map<String, Long> types = new HashMap<>();
            doc.at("/gc/top_types").forEach(x -> types.put(x.get("type").asText(), x.get("count").asLong()));
            assertThat(types).containsEntry("__main__.Marker", 12345L);
            assertThat(doc.at("/gc/threshold").size()).isEqualTo(3);
            assertThat(doc.at("/gc/count").size()).isEqualTo(3);
            assertThat(doc.at("/gc/tracked_objects").asLong()).isGreaterThan(12345);

            // asyncio: worker-A awaits an Event, worker-B sleeps, both awaited by the gather in main()
            assertThat(doc.at("/asyncio/imported").asBoolean()).isTrue();
            JsonNode loops = doc.at("/asyncio/loops");
            assertThat(loops.size()).isEqualTo(1);
            JsonNode loop = loops.get(0);
            assertThat(loop.get("running").asBoolean()).isTrue();
            assertThat(loop.at("/thread/name").asText()).isEqualTo("event-loop");
            assertThat(loop.at("/thread/native_id").asLong()).isEqualTo(t.tids.get("event-loop"));
            Map<String, JsonNode> tasks = new HashMap<>();
            loop.get("tasks").forEach(x -> tasks.put(x.get("name").asText(), x));
            assertThat(tasks).containsKeys("worker-A", "worker-B");
            JsonNode a = tasks.get("worker-A");
            assertThat(a.get("state").asText()).isEqualTo("pending");
            assertThat(functions(a.get("coroutine_stack"))).containsExactly("Event.wait", "worker_a");
            assertThat(a.get("awaiting").asText()).startsWith("<Future pending");
            JsonNode b = tasks.get("worker-B");
            assertThat(functions(b.get("coroutine_stack"))).containsExactly("sleep", "worker_b");
            assertThat(b.get("awaited_by").get(0).asText()).startsWith("Task-");

            // threads: names, daemon flags and native ids
            for (String name : List.of("MainThread", "parker", "event-loop", "spinner")) {
                JsonNode th = thread(doc.at("/threads/threads"), name);
                assertThat(th.get("native_id").asLong()).as(name).isEqualTo(t.tids.get(name));
                assertThat(th.get("daemon").asBoolean()).as(name).isEqualTo(!name.equals("MainThread"));
                assertThat(th.get("main").asBoolean()).as(name).isEqualTo(name.equals("MainThread"));
            }
            assertThat(thread(doc.at("/threads/threads"), "parker").at("/function/function").asText())
                    .isEqualTo("Condition.wait");
        }
        assertThat(RemoteTarget.stagingDirectories()).as("no files left behind").isSubsetOf(before);
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void eachFlagSelectsItsSectionAndTextIsReadable(String version) throws Exception {
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy")) {
            CliRun gc = CliRun.inProcess("snapshot", "--gc", "--json", "--top", "3", t.pidArg());
            assertThat(gc.exitCode).as(gc.toString()).isZero();
            JsonNode doc = JSON.readTree(gc.out);
            assertThat(doc.has("gc")).isTrue();
            assertThat(doc.has("locals") || doc.has("asyncio") || doc.has("threads")).isFalse();
            assertThat(doc.at("/gc/top_types").size()).isEqualTo(3);

            CliRun text = CliRun.inProcess("snapshot", "--locals", "--asyncio", "--threads", "--repr-length", "20",
                    t.pidArg());
            assertThat(text.exitCode).as(text.toString()).isZero();
            assertThat(text.out).startsWith("Snapshot of process " + t.pid() + " (Python " + version + ".")
                    .contains("Thread " + t.tids.get("parker") + " \"parker\":")
                    .contains("        alpha = 42  (int)")
                    .contains("        beta = 'xxxxxxxxxxxxxxxxxxx\u2026  (str, len 5000)")
                    .contains("Task \"worker-A\" pending, awaiting <Future pending")
                    .contains("    " + t.tids.get("spinner") + " \"spinner\" [daemon]: ")
                    .doesNotContain("GC:");
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void runsInAChosenThreadWhenTheMainThreadIsBlocked(String version) throws Exception {
        try (RemoteTarget t = RemoteTarget.start(version, dir, "blocked")) {
            CliRun run = CliRun.inProcess("snapshot", "--threads", "--json", "--thread",
                    t.tids.get("spinner").toString(), t.pidArg());
            assertThat(run.exitCode).as(run.toString()).isZero();
            JsonNode doc = JSON.readTree(run.out);
            assertThat(doc.at("/thread/name").asText()).isEqualTo("spinner");
            assertThat(thread(doc.at("/threads/threads"), "MainThread").at("/function/function").asText())
                    .isEqualTo("<module>");
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void findsALoopRunningInTheMainThreadAndTasksOfALoopThatIsNotRunning(String version) throws Exception {
        // READY from ticker once it has awaited its first sleep: printed from main(), it came before ticker ran.
        String running = "import asyncio\n"
                + "async def ticker():\n    await asyncio.sleep(0.02)\n    print('READY', flush=True)\n"
                + "    while True:\n        await asyncio.sleep(0.02)\n"
                + "async def main():\n    t = asyncio.create_task(ticker(), name='ticker')\n"
                + "    await t\n"
                + "asyncio.run(main())\n";
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "main_loop.py", running)) {
            child.awaitLine("READY");
            JsonNode doc = JSON.readTree(snapshotAsyncio(child.pid()));
            JsonNode loop = doc.at("/asyncio/loops/0");
            assertThat(loop.get("found_by").asText()).isEqualTo("stack");
            assertThat(loop.at("/thread/name").asText()).isEqualTo("MainThread");
            Map<String, JsonNode> tasks = new HashMap<>();
            loop.get("tasks").forEach(x -> tasks.put(x.get("name").asText(), x));
            assertThat(functions(tasks.get("ticker").get("coroutine_stack"))).containsExactly("sleep", "ticker");
        }
        String stopped = "import asyncio, time\n"
                + "async def never():\n    await asyncio.sleep(1)\n"
                + "loop = asyncio.new_event_loop()\n"
                + "task = loop.create_task(never(), name='orphan')\n"
                + "print('READY', flush=True)\n"
                + "while True:\n    time.sleep(0.02)\n";
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "stopped_loop.py", stopped)) {
            child.awaitLine("READY");
            JsonNode doc = JSON.readTree(snapshotAsyncio(child.pid()));
            JsonNode loop = doc.at("/asyncio/loops/0");
            assertThat(loop.get("found_by").asText()).isEqualTo("gc");
            assertThat(loop.get("running").asBoolean()).isFalse();
            assertThat(loop.at("/tasks/0/name").asText()).isEqualTo("orphan");
            assertThat(loop.at("/tasks/0/state").asText()).isEqualTo("pending");
            assertThat(functions(loop.at("/tasks/0/coroutine_stack"))).containsExactly("never");
        }
        String noAsyncio = "import time\nprint('READY', flush=True)\nwhile True:\n    time.sleep(0.02)\n";
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "plain.py", noAsyncio)) {
            child.awaitLine("READY");
            JsonNode doc = JSON.readTree(snapshotAsyncio(child.pid()));
            assertThat(doc.at("/asyncio/imported").asBoolean()).isFalse();
            CliRun check = CliRun.inProcess("exec", Integer.toString(child.pid()), "-c",
                    "import sys; assert 'asyncio' not in sys.modules and 'threading' not in sys.modules, "
                            + "sorted(sys.modules)");
            assertThat(check.exitCode).as("the snapshot imported nothing new: " + check).isZero();
        }
    }

    private static String snapshotAsyncio(int pid) {
        CliRun run = CliRun.inProcess("snapshot", "--asyncio", "--threads", "--json", Integer.toString(pid));
        assertThat(run.exitCode).as(run.toString()).isZero();
        return run.out;
    }

    static JsonNode thread(JsonNode threads, String name) {
        for (JsonNode t : threads) {
            if (name.equals(t.path("name").asText())) {
                return t;
            }
        }
        throw new AssertionError("no thread " + name + " in " + threads);
    }

    static List<String> functions(JsonNode frames) {
        List<String> names = new ArrayList<>();
        frames.forEach(f -> names.add(f.get("function").asText()));
        return names;
    }
}
