package io.pysample.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.core.dump.ThreadDump;
import io.pysample.core.session.ProfileInterval;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ACTIVE mode's classification against a real CPython: a thread hashing with {@code hashlib} (C code that released
 * the GIL: detached, but running) is sampled; a thread parked on a lock is not. Also for a target in its own PID
 * namespace ({@code unshare --pid --fork --mount-proc}, root only), whose thread ids are not {@code /proc}'s: record
 * and dump must use the host ids and still see the running C thread.
 */
class ActiveThreadsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void gilFreeCThreadIsActiveAndParkedThreadIsNot(String version) throws Exception {
        Path python = TestPythons.require(version);
        try (PythonChild child = PythonChild.runWorkload(getClass(), python, dir, "gil_free_hashing.py")) {
            JsonNode ids = JSON.readTree(child.awaitLine("READY"));
            check(version, child.pid(), ids, Map.of());
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void targetInItsOwnPidNamespaceIsSeenWithHostThreadIds(String version) throws Exception {
        Path python = TestPythons.require(version);
        assumeTrue("root".equals(System.getProperty("user.name")), "unshare --pid needs root");
        Path unshare = Path.of("/usr/bin/unshare");
        assumeTrue(Files.isExecutable(unshare), "no unshare");
        Path script = PythonChild.copyWorkload(getClass(), dir, "gil_free_hashing.py");
        List<String> cmd = new ArrayList<>(List.of(unshare.toString(), "--pid", "--mount", "--fork", "--mount-proc",
                "--kill-child", python.toString(), script.toString()));
        try (PythonChild child = PythonChild.start(cmd, Map.of(), dir)) {
            JsonNode ids = JSON.readTree(child.awaitLine("READY"));
            int pid = (int) child.process().children().findFirst().orElseThrow().pid();
            assertThat(ids.get("main").asLong()).isEqualTo(1); // the target is its namespace's init
            Map<Long, Long> hostOf = hostTids(pid);
            assertThat(hostOf.get(1L)).isEqualTo(pid);
            check(version, pid, ids, hostOf);
        }
    }

    /** Namespace tid → host tid from the target's tasks' {@code NSpid:} lines (empty: the same namespace). */
    private static Map<Long, Long> hostTids(int pid) throws Exception {
        Map<Long, Long> map = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Integer.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                for (String line : Files.readAllLines(t.resolve("status"))) {
                    if (line.startsWith("NSpid:")) {
                        String[] f = line.substring(6).strip().split("\\s+");
                        map.put(Long.parseLong(f[f.length - 1]), Long.parseLong(f[0]));
                    }
                }
            }
        }
        return map;
    }

    private void check(String version, int pid, JsonNode ids, Map<Long, Long> hostOf) throws Exception {
        long hasher = hostOf.getOrDefault(ids.get("hasher").asLong(), ids.get("hasher").asLong());
        long parker = hostOf.getOrDefault(ids.get("parker").asLong(), ids.get("parker").asLong());

        SessionOptions options = SessionOptions.builder().rateHz(0).mode(SamplingMode.ACTIVE).build();
        try (RecordingSession session = RecordingSession.start(PythonProcess.attach(pid, MemoryBackend.AUTO),
                options)) {
            for (int i = 0; i < 400; i++) {
                assertThat(session.sampleOnce()).isTrue();
                Thread.sleep(0, 200_000); // spread the samples over the hashing loop's attached moments
            }
            ProfileInterval interval = session.cutInterval();
            Optional<ProfileThread> h = thread(interval, hasher);
            assertThat(h).as("the hashing thread, by host tid, in %s", interval.profile().threads()).isPresent();
            // Detached in C code most of the time, runnable or running all the time.
            assertThat(h.get().count()).isGreaterThan(interval.stats().walks() * 8 / 10);
            assertThat(thread(interval, parker)).isEmpty();
            // 3.14+ name the kernel's thread after Thread.name; on 3.13 the name comes from threading._active
            assertThat(h.get().name()).startsWith("hasher");
            if (!hostOf.isEmpty()) {
                assertThat(h.get().name()).endsWith("nstid=" + ids.get("hasher").asLong());
            }
        }

        StackDump dump = StackDumper.dump(PythonProcess.attach(pid, MemoryBackend.AUTO), 128);
        ThreadDump hd = dump.threads().stream().filter(t -> t.nativeThreadId() == hasher).findFirst().orElseThrow();
        ThreadDump pd = dump.threads().stream().filter(t -> t.nativeThreadId() == parker).findFirst().orElseThrow();
        assertThat(hd.active()).isTrue();
        assertThat(hd.osState()).isEqualTo('R');
        assertThat(hd.namespaceThreadId()).isEqualTo(ids.get("hasher").asLong());
        assertThat(pd.active()).isFalse();
        assertThat(pd.osState()).isIn('S', 'D');
        assertThat(hd.name()).isEqualTo("hasher");
        assertThat(pd.name()).isEqualTo("parker");
        assertThat(hd.namespaced()).isEqualTo(!hostOf.isEmpty());
    }

    private static Optional<ProfileThread> thread(ProfileInterval interval, long tid) {
        return interval.profile().threads().stream().filter(t -> t.nativeThreadId() == tid).findFirst();
    }
}
