package io.pysample.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.objects.ThreadNames;
import io.pysample.core.objects.ThreadingActive;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.ProfileThread;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.session.ProfileInterval;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.ProcessInfo;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thread names against {@code workloads/thread_names.py}, whose threads report their own {@code threading} names:
 * on CPython 3.13 they come from the target's {@code threading._active} (every attribute storage, every str kind, a
 * cut long name, a renamed and a dummy thread; a thread {@code threading} does not know keeps the kernel's name) at
 * the walker's ids, in {@code dump} and as {@code --threads} roots; on 3.14 the kernel's names stay.
 */
class ThreadNamesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One thread as the workload reports it; {@code known}: whether {@code threading} knows it. */
    record Truth(long ident, long nativeId, String name, boolean known) {
    }

    static PythonChild start(String version, Path dir) throws Exception {
        return PythonChild.runWorkload(ThreadNamesTest.class, TestPythons.require(version), dir, "thread_names.py");
    }

    static List<Truth> truth(PythonChild child) throws Exception {
        JsonNode root = JSON.readTree(child.awaitLine("READY "));
        List<Truth> out = new ArrayList<>();
        for (JsonNode t : root.get("threads")) {
            out.add(new Truth(t.get("ident").asLong(), t.get("native_id").asLong(), t.get("name").asText(),
                    t.get("known").asBoolean()));
        }
        assertThat(out).hasSize(14);
        return out;
    }

    /** The name pysample shows for a {@code threading} name: at most 256 code points, then an ellipsis. */
    static String shown(String name) {
        int n = name.codePointCount(0, name.length());
        return n <= ThreadingActive.MAX_NAME ? name
                : name.substring(0, name.offsetByCodePoints(0, ThreadingActive.MAX_NAME)) + "\u2026";
    }

    @Test
    void python313NamesComeFromThreadingActive() throws Exception {
        try (PythonChild child = start("3.13", dir)) {
            List<Truth> truth = truth(child);
            ProcessInfo info = new ProcessInfo(child.pid());
            String processName = info.threadName(child.pid());
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                // At the walker's ids: threading.get_ident() is thread_state.thread_id.
                Map<Long, SnapshotRecorder.ThreadStack> walked = SnapshotRecorder.walk(target.memory(),
                        target.runtimeAddress(), target.offsets(), PythonStackWalker.DEFAULT_MAX_DEPTH).values()
                        .stream().collect(Collectors.toMap(SnapshotRecorder.ThreadStack::nativeThreadId, s -> s));
                ThreadNames names = ThreadNames.forTarget(target.memory(), target.runtimeAddress(), target.offsets());
                assertThat(names).isNotNull();
                for (int round = 0; round < 2; round++) {
                    for (Truth t : truth) {
                        SnapshotRecorder.ThreadStack s = walked.get(t.nativeId());
                        assertThat(s).as("walked thread %s", t.name()).isNotNull();
                        assertThat(s.threadId()).as("thread id of %s", t.name()).isEqualTo(t.ident());
                        if (t.known()) {
                            assertThat(names.name(s.threadId(), s.nativeThreadId())).as("name of %s", t.name())
                                    .isEqualTo(shown(t.name()));
                        }
                    }
                }
                assertThat(names.reads()).as("_active read once for all known threads, twice asked").isEqualTo(1);
                Truth unknown = truth.stream().filter(t -> !t.known()).findFirst().orElseThrow();
                assertThat(names.name(unknown.ident(), unknown.nativeId())).isNull();
                Truth plain = truth.get(0);
                assertThat(names.name(plain.ident(), plain.nativeId() + 1)).as("a reused id with another native id")
                        .isNull();

                StackDump dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
                for (Truth t : truth) {
                    ThreadDump d = dump.threads().stream().filter(x -> x.nativeThreadId() == t.nativeId())
                            .findFirst().orElseThrow();
                    assertThat(d.name()).as("dumped name of %s", t.name())
                            .isEqualTo(t.known() ? shown(t.name()) : processName);
                }
            }

            SessionOptions options = SessionOptions.builder().rateHz(0).mode(SamplingMode.ALL)
                    .profile(ProfileOptions.DEFAULT.withThreadRoots(true)).build();
            try (RecordingSession session = RecordingSession.start(PythonProcess.attach(child.pid(),
                    MemoryBackend.AUTO), options)) {
                for (int i = 0; i < 5; i++) {
                    assertThat(session.sampleOnce()).isTrue();
                }
                ProfileInterval interval = session.cutInterval();
                for (Truth t : truth) {
                    ProfileThread p = interval.profile().threads().stream()
                            .filter(x -> x.nativeThreadId() == t.nativeId()).findFirst().orElseThrow();
                    String expected = t.known() ? shown(t.name()) : processName;
                    assertThat(p.name()).as("profile thread %s", t.name()).isEqualTo(expected);
                    assertThat(interval.profile().frames().get(p.rootFrame()).function())
                            .isEqualTo("[" + expected + " tid=" + t.nativeId() + "]");
                }
            }
        }
    }

    @Test
    void python314KeepsTheKernelsNames() throws Exception {
        try (PythonChild child = start("3.14", dir)) {
            List<Truth> truth = truth(child);
            ProcessInfo info = new ProcessInfo(child.pid());
            try (PythonProcess target = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThat(ThreadNames.forTarget(target.memory(), target.runtimeAddress(), target.offsets()))
                        .isNull();
                StackDump dump = StackDumper.dump(target, PythonStackWalker.DEFAULT_MAX_DEPTH);
                for (Truth t : truth) {
                    ThreadDump d = dump.threads().stream().filter(x -> x.nativeThreadId() == t.nativeId())
                            .findFirst().orElseThrow();
                    assertThat(d.name()).as("name of %s", t.name()).isEqualTo(info.threadName(t.nativeId()));
                }
                ThreadDump plain = dump.threads().stream().filter(x -> x.nativeThreadId() == truth.get(0).nativeId())
                        .findFirst().orElseThrow();
                assertThat(plain.name()).isEqualTo("plain-ascii"); // 3.14 named the kernel's thread
                ThreadDump main = dump.threads().stream().filter(ThreadDump::main).findFirst().orElseThrow();
                assertThat(main.name()).isNotEqualTo("MainThread");
            }
        }
    }
}
