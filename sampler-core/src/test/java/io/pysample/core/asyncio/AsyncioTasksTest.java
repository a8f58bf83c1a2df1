package io.pysample.core.asyncio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.Sampler;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.walk.CodeLookup;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.AsyncioTree;
import io.pysample.testsupport.CountingReader;
import io.pysample.testsupport.PythonChild;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * asyncio task stacks read from memory against real CPython 3.14/3.15 targets ({@code asyncio_tree.py}), whose
 * ground truth ({@code all_tasks()}, {@code cr_await} chains, {@code capture_call_graph()}) the target writes.
 */
class AsyncioTasksTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void tasksChainsAndAwaitersMatchTheTargetsOwnCallGraph(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir);
                PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
            JsonNode truth = new ObjectMapper().readTree(AsyncioTree.truthFile(dir).toFile());
            AsyncioOffsets offsets = AsyncioOffsets.locate(target);
            assertThat(offsets).as("the .AsyncioDebug table").isNotNull();
            FrameTable frames = new FrameTable();
            AsyncSnapshot snap = new AsyncTaskReader(target, offsets, new CodeLookup(target.memory(),
                    target.offsets(), frames)).read();
            Map<String, AsyncTask> byName = new HashMap<>();
            Map<Long, String> names = new HashMap<>();
            snap.tasks().values().forEach(t -> {
                byName.put(t.name(), t);
                names.put(t.address(), t.name());
            });
            assertThat(byName).containsKeys("Task-1", "spinner");
            int checked = 0;
            for (JsonNode t : truth.get("tasks")) {
                String name = t.get("name").asText();
                if (name.equals("Task-1")) {
                    continue; // it was running when it reported itself
                }
                AsyncTask task = byName.get(name);
                assertThat(task).as(name).isNotNull();
                List<String> chain = new ArrayList<>();
                for (int id : task.frames()) {
                    chain.add(frames.get(id).function());
                }
                List<String> expected = new ArrayList<>();
                t.get("chain").forEach(n -> expected.add(n.asText()));
                assertThat(chain).as("coroutine chain of " + name).isEqualTo(expected);
                List<String> awaiters = new ArrayList<>();
                for (long a : task.awaitedBy()) {
                    awaiters.add(names.get(a));
                }
                awaiters.sort(null);
                List<String> expectedAwaiters = new ArrayList<>();
                t.get("awaited_by").forEach(n -> expectedAwaiters.add(n.asText()));
                assertThat(awaiters).as("awaited_by of " + name).isEqualTo(expectedAwaiters);
                checked++;
            }
            assertThat(checked).isEqualTo(5); // parent-A, parent-B, leaf-1..3

            int[] leaf1 = new AsyncStacks(frames).stack(snap, byName.get("leaf-1"));
            assertThat(functions(frames, leaf1)).startsWith("Event.wait", "middle", "leaf_wait", "leaf-1",
                    "parent_a", "parent-A").endsWith("Task-1");
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void asyncAwareRecordingShowsTaskChains(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir);
                PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
            Recorded r = record(target, AsyncMode.ALL, 300);
            Map<List<String>, Long> stacks = r.stacks();
            long hot = r.hot();
            long hotAsync = r.hotAsTask();
            System.out.println("hot samples " + hot + ", as task stacks " + hotAsync);
            assertThat(hot).as("samples in hot_async_function: " + stacks.keySet()).isGreaterThan(20);
            // The task switch between reading the tasks and walking the thread may leave a few as walked.
            assertThat(hotAsync).as("as task stacks: " + stacks.keySet()).isGreaterThan(hot * 8 / 10);
            // Waiting leaf tasks (ALL mode): once per sample each.
            List<String> leaf3 = stacks.keySet().stream().filter(s -> s.contains("leaf-3")).findFirst().orElseThrow();
            assertThat(leaf3).startsWith("Event.wait", "middle", "leaf_wait", "leaf-3", "nested_b", "parent_b",
                    "parent-B").endsWith("Task-1");
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void runningReadFindsTheRunningTaskAndItsAwaitersAmongAThousand(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir, 1000);
                PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
            FrameTable frames = new FrameTable();
            AsyncTaskReader reader = new AsyncTaskReader(target, AsyncioOffsets.locate(target), new CodeLookup(
                    target.memory(), target.offsets(), frames));
            AsyncSnapshot running = reader.readRunning();
            // The spinner runs a step most of the time (4 ms busy, then sleep(0)).
            for (int i = 0; i < 200 && running.runningTask().isEmpty(); i++) {
                Thread.sleep(1);
                running = reader.readRunning();
            }
            assertThat(running.runningTask()).hasSize(1);
            Map<String, AsyncTask> byName = new HashMap<>();
            running.tasks().values().forEach(t -> byName.put(t.name(), t));
            assertThat(byName).containsOnlyKeys("spinner", "Task-1");
            AsyncTask spinner = byName.get("spinner");
            AsyncTask main = byName.get("Task-1");
            assertThat(running.runningTask().values()).containsExactly(spinner.address());
            assertThat(spinner.awaitedBy()).containsExactly(main.address());
            assertThat(main.awaitedBy()).isEmpty();

            AsyncSnapshot all = reader.read();
            assertThat(all.tasks()).hasSize(1007);
            AsyncTask mainAgain = all.tasks().get(main.address());
            assertThat(mainAgain.name()).isEqualTo("Task-1");
            assertThat(mainAgain.frames()).as("Task-1 waits where it waited").isEqualTo(main.frames());
            assertThat(all.tasks().get(spinner.address()).awaitedBy()).containsExactly(main.address());
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void aFirstReadOfAThousandTasksNeedsFewSystemCallsAndNamesThemAll(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir, 1000);
                PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
            JsonNode truth = new ObjectMapper().readTree(AsyncioTree.truthFile(dir).toFile());
            CountingReader counted = new CountingReader(target.memory());
            AsyncTaskReader reader = new AsyncTaskReader(counted, target.runtimeAddress(), target.offsets(),
                    AsyncioOffsets.locate(target), new CodeLookup(counted, target.offsets(), new FrameTable()));
            AsyncSnapshot all = reader.read();
            List<String> names = all.tasks().values().stream().map(AsyncTask::name).sorted().toList();
            List<String> expected = new ArrayList<>();
            truth.get("tasks").forEach(t -> expected.add(t.get("name").asText()));
            expected.add("spinner"); // started after the truth was taken
            assertThat(names).containsExactlyElementsOf(expected.stream().sorted().toList());
            // One by one, the list walk and the names took four reads a task (4,000 and more).
            assertThat(counted.reads()).as("reads for %d tasks", names.size()).isLessThan(names.size() / 4);
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void runningModeRecordingShowsTheRunningTaskOnly(String version) throws Exception {
        try (PythonChild child = AsyncioTree.start(version, dir, 1000);
                PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
            Recorded r = record(target, AsyncMode.RUNNING, 200);
            Map<List<String>, Long> stacks = r.stacks();
            long hot = r.hot();
            long hotAsync = r.hotAsTask();
            assertThat(hot).as("samples in hot_async_function: " + stacks.keySet()).isGreaterThan(20);
            assertThat(hotAsync).as("as task stacks: " + stacks.keySet()).isGreaterThan(hot * 8 / 10);
            assertThat(stacks.keySet()).as("no waiting task in RUNNING mode").noneMatch(s -> s.contains("leaf_wait"));
        }
    }

    /** Stacks (functions, innermost first) and their counts; samples in hot_async_function, and as task stacks. */
    private record Recorded(Map<List<String>, Long> stacks, long hot, long hotAsTask) {
    }

    /** {@code samples} samples 3 ms apart of every thread with the async hook in {@code mode}. */
    private static Recorded record(PythonProcess target, AsyncMode mode, int samples) throws InterruptedException {
        Profile profile = new Profile(new FrameTable(), ProfileOptions.DEFAULT);
        try (Sampler sampler = new Sampler(target, SamplingMode.ALL, PythonStackWalker.DEFAULT_MAX_DEPTH, profile)) {
            sampler.setStackHook(new AsyncProfileHook(target, mode, profile));
            for (int i = 0; i < samples; i++) {
                sampler.sample(i);
                Thread.sleep(3);
            }
        }
        FrameTable frames = profile.frames();
        Map<List<String>, Long> stacks = new HashMap<>();
        profile.forEachStack((rootFirst, depth, count) -> {
            int[] leafFirst = new int[depth];
            for (int i = 0; i < depth; i++) {
                leafFirst[i] = rootFirst[depth - 1 - i];
            }
            stacks.merge(functions(frames, leafFirst), count, Long::sum);
        });
        long hot = 0;
        long hotAsync = 0;
        for (Map.Entry<List<String>, Long> e : stacks.entrySet()) {
            List<String> s = e.getKey();
            if (s.contains("hot_async_function")) {
                hot += e.getValue();
                if (s.equals(List.of("hot_async_function", "spinner", "spinner", "TaskGroup._aexit",
                        "TaskGroup.__aexit__", "main", "Task-1"))) {
                    hotAsync += e.getValue();
                }
            }
        }
        return new Recorded(stacks, hot, hotAsync);
    }

    private static List<String> functions(FrameTable frames, int[] ids) {
        return Arrays.stream(ids).mapToObj(frames::get).map(Frame::function).toList();
    }
}
