package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.walk.Frame;
import io.pysample.core.walk.FrameTable;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.core.walk.ThreadDiscovery;
import io.pysample.core.walk.ThreadSample;
import io.pysample.core.walk.ThreadView;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks a real CPython whose threads are parked at known points and compares every frame (qualified name, file,
 * line) with what the target reported about itself through {@code sys._current_frames()}.
 */
class WalkerGroundTruthTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void parkedThreadsMatchTheTargetsOwnView(String version) throws Exception {
        Path out = dir.resolve("truth.json");
        try (PythonChild child = PythonChild.runWorkload(getClass(), TestPythons.require(version), dir,
                "parked_threads.py", out.toString())) {
            child.awaitLine("READY");
            JsonNode truth = new ObjectMapper().readTree(out.toFile());
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThat(target.version().minorVersion()).isEqualTo(version);
                FrameTable frames = new FrameTable();
                PythonStackWalker walker = new PythonStackWalker(target.memory(), target.runtimeAddress(),
                        target.offsets(), frames);
                List<ThreadSample> samples = new ArrayList<>();
                walker.sample(v -> samples.add(ThreadSample.copyOf(v)));

                for (JsonNode t : truth.get("threads")) {
                    long ident = t.get("ident").asLong();
                    ThreadSample s = samples.stream().filter(x -> x.threadId() == ident).findFirst()
                            .orElseThrow(() -> new AssertionError("no sample of thread " + t.get("name")));
                    assertThat(s.nativeThreadId()).isEqualTo(t.get("native_id").asLong());
                    List<String> expected = new ArrayList<>();
                    t.get("frames").forEach(f -> expected.add(f.get("function").asText() + " ("
                            + f.get("file").asText() + ":" + f.get("line").asInt() + ")"));
                    List<String> actual = new ArrayList<>();
                    for (int id : s.frames()) {
                        Frame f = frames.get(id);
                        actual.add(f.toString());
                    }
                    assertThat(actual).as("thread %s", t.get("name")).containsExactlyElementsOf(expected);
                    assertThat(s.truncated()).isFalse();
                    boolean isMain = t.get("name").asText().equals("MainThread");
                    assertThat(s.has(ThreadView.MAIN_THREAD)).as("main flag of %s", t.get("name"))
                            .isEqualTo(isMain);
                    assertThat(s.has(ThreadView.HOLDS_GIL)).as("parked thread holds no GIL").isFalse();
                }
                // ThreadDiscovery on its own finds the same thread states and the same main thread.
                Map<Long, Boolean> mainByThreadState = new HashMap<>();
                walker.sample(v -> mainByThreadState.put(v.threadStateAddress(), v.has(ThreadView.MAIN_THREAD)));
                ThreadDiscovery discovery = new ThreadDiscovery(target.memory(), target.runtimeAddress(),
                        target.offsets());
                assertThat(discovery.discover()).isTrue();
                Map<Long, Boolean> discovered = new HashMap<>();
                for (int t = 0; t < discovery.threadCount(); t++) {
                    discovered.put(discovery.threadState(t), discovery.isMainThread(t));
                }
                assertThat(discovered).hasSize(walker.knownThreadCount()).containsAllEntriesOf(mainByThreadState);
                assertThat(discovered.values().stream().filter(m -> m)).hasSize(1);

                // The spinning thread calls a Python function in a loop: a sample of it may be dropped as torn,
                // but most are not, and every reported one is in spin().
                long spinner = truth.get("spinner_native_id").asLong();
                List<ThreadSample> spins = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    walker.sample(v -> {
                        if (v.nativeThreadId() == spinner) {
                            spins.add(ThreadSample.copyOf(v));
                        }
                    });
                }
                assertThat(spins).hasSizeGreaterThan(50);
                assertThat(spins).allSatisfy(s -> assertThat(java.util.Arrays.stream(s.frames())
                        .mapToObj(id -> frames.get(id).function())).contains("spin"));
            }
        }
    }
}
