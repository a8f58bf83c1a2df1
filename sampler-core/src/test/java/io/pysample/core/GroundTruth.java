package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.walk.Frame;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a workload built on {@code workloads/groundtruth.py} reported about itself: for each watched thread its
 * ident, native id, name and every frame ({@code co_qualname}, {@code co_filename}, {@code f_lineno},
 * {@code co_firstlineno}) from {@code sys._current_frames()}, innermost first, plus workload-specific fields.
 */
final class GroundTruth {
    /**
     * One watched thread; {@code frames} rendered with {@link #render(Frame)}'s format; {@code threading}: whether
     * {@code threading} knows the thread (false for {@code _thread} threads, and in reports that predate the field).
     */
    record TruthThread(long ident, long nativeId, String name, List<String> frames, boolean threading) {
    }

    final JsonNode root;
    final List<TruthThread> threads;

    private GroundTruth(JsonNode root) {
        this.root = root;
        List<TruthThread> list = new ArrayList<>();
        for (JsonNode t : root.get("threads")) {
            List<String> frames = new ArrayList<>();
            for (JsonNode f : t.get("frames")) {
                frames.add(render(f.get("function").asText(), f.get("file").asText(), f.get("line").asInt(),
                        f.get("first_line").asInt()));
            }
            list.add(new TruthThread(t.get("ident").asLong(), t.get("native_id").asLong(), t.get("name").asText(),
                    List.copyOf(frames), t.path("threading").asBoolean(false)));
        }
        this.threads = List.copyOf(list);
    }

    /**
     * Copies {@code workload} and {@code groundtruth.py} into {@code dir} and runs it with CPython {@code version}
     * ({@link TestPythons#require}): {@code python [interpreterOptions] dir/workload dir/truth.json [args]}.
     */
    static PythonChild launch(String version, Path dir, List<String> interpreterOptions, String workload,
            String... args) throws IOException {
        return launch(TestPythons.require(version), Map.of(), dir, interpreterOptions, workload, args);
    }

    /**
     * As {@link #launch(String, Path, List, String, String...)} with any executable that runs like the interpreter
     * (a debug build, an embedding program) and extra environment variables.
     */
    static PythonChild launch(Path python, Map<String, String> env, Path dir, List<String> interpreterOptions,
            String workload, String... args) throws IOException {
        copyWorkload(dir, "groundtruth.py");
        Path script = copyWorkload(dir, workload);
        List<String> cmd = new ArrayList<>();
        cmd.add(python.toString());
        cmd.addAll(interpreterOptions);
        cmd.add(script.toString());
        cmd.add(truthFile(dir).toString());
        cmd.addAll(List.of(args));
        return PythonChild.start(cmd, env, dir);
    }

    private static Path copyWorkload(Path dir, String name) throws IOException {
        return PythonChild.copyWorkload(GroundTruth.class, dir, name);
    }

    static Path truthFile(Path dir) {
        return dir.resolve("truth.json");
    }

    /** A report read back from its JSON (e.g. a checked-in fixture's). */
    static GroundTruth of(JsonNode root) {
        return new GroundTruth(root);
    }

    /** Waits (up to 60 s) for the workload's READY, then reads its report. */
    static GroundTruth await(PythonChild child, Path dir) throws Exception {
        child.awaitLine("READY", java.time.Duration.ofSeconds(60));
        return new GroundTruth(new ObjectMapper().readTree(truthFile(dir).toFile()));
    }

    TruthThread thread(String name) {
        return threads.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name + " in the ground truth"));
    }

    static String render(String function, String file, int line, int firstLine) {
        return function + " (" + file + ":" + line + ") def " + firstLine;
    }

    static String render(Frame f) {
        return render(f.function(), f.file(), f.line(), f.firstLine());
    }

    static List<String> render(List<Frame> frames) {
        List<String> out = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            out.add(render(f));
        }
        return out;
    }

    static ThreadDump find(StackDump dump, TruthThread t) {
        return dump.threads().stream().filter(d -> d.threadId() == t.ident()).findFirst()
                .orElseThrow(() -> new AssertionError("thread " + t.name() + " (native id " + t.nativeId()
                        + ") is missing from the dump"));
    }

    /**
     * Every watched thread is in {@code dump} with its native id and exactly the frames the target reported, not
     * truncated; no thread was dropped; the dump holds as many threads as the target had. On CPython 3.13 a thread
     * {@code threading} knows carries its {@code threading} name (read from the target's memory).
     */
    void assertDumpMatches(StackDump dump) {
        assertThat(dump.droppedThreads()).as("dropped threads").isZero();
        assertThat(dump.threads()).as("threads in the dump").hasSize(root.get("thread_count").asInt());
        for (TruthThread t : threads) {
            ThreadDump d = find(dump, t);
            assertThat(d.nativeThreadId()).as("native id of %s", t.name()).isEqualTo(t.nativeId());
            assertThat(render(d.frames())).as("stack of thread %s", t.name()).containsExactlyElementsOf(t.frames());
            assertThat(d.truncated()).as("truncated flag of %s", t.name()).isFalse();
            assertThat(d.main()).as("main flag of %s", t.name()).isEqualTo(t.name().equals("MainThread"));
            if (t.threading() && dump.pythonVersion().startsWith("3.13.")) {
                assertThat(d.name()).as("name of %s", t.name()).isEqualTo(t.name());
            }
        }
    }
}
