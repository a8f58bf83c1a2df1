package io.pysample.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.ProgressListener;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.sampling.StopReason;
import io.pysample.memory.MemoryBackend;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RecordingSession} against real CPython processes: two sessions driven step by step from one thread, interval
 * cuts that hand over everything exactly once, and the stop conditions.
 */
class RecordingSessionTest {
    private static final String SPIN = String.join("\n",
            "import sys",
            "def spin_" + "a():",
            "    print('READY', flush=True)  # from inside: sampled after READY, <module> is never alone",
            "    while True:",
            "        sum(range(100))",
            "def spin_b():",
            "    print('READY', flush=True)",
            "    while True:",
            "        sum(range(100))",
            "spin_a() if sys.argv[1] == 'a' else spin_b()",
            "");

    @TempDir
    Path dir;

    private static Set<String> functions(ProfileInterval interval) {
        Set<String> names = new HashSet<>();
        interval.profile().forEachStack((rootFirst, depth, count) -> {
            for (int i = 0; i < depth; i++) {
                names.add(interval.profile().frames().get(rootFirst[i]).function());
            }
        });
        return names;
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void twoSessionsDrivenFromOneThreadCutIntervalsThatAddUp(String version) throws Exception {
        Path python = TestPythons.require(version);
        SessionOptions options = SessionOptions.builder().rateHz(0).mode(SamplingMode.ALL).build();
        try (PythonChild a = PythonChild.run(python, dir, "spin.py", SPIN, "a");
                PythonChild b = PythonChild.runScript(python, dir.resolve("spin.py"), dir, "b")) {
            a.awaitLine("READY");
            b.awaitLine("READY");
            try (RecordingSession sa = RecordingSession.start(PythonProcess.attach(a.pid(), MemoryBackend.AUTO),
                    options);
                    RecordingSession sb = RecordingSession.start(PythonProcess.attach(b.pid(), MemoryBackend.AUTO),
                            options)) {
                for (int i = 0; i < 300; i++) {
                    assertThat(sa.sampleOnce()).isTrue();
                    if (i % 3 == 0) {
                        assertThat(sb.sampleOnce()).isTrue();
                    }
                }
                ProfileInterval a1 = sa.cutInterval();
                ProfileInterval b1 = sb.cutInterval();
                for (int i = 0; i < 50; i++) {
                    assertThat(sa.sampleOnce()).isTrue();
                }
                sa.stop();
                assertThat(sa.sampleOnce()).isFalse();
                assertThat(sa.stopReason()).isEqualTo(StopReason.STOPPED);
                ProfileInterval a2 = sa.cutInterval();

                assertThat(a1.stats().walks()).isEqualTo(300);
                assertThat(b1.stats().walks()).isEqualTo(100);
                assertThat(a2.stats().walks()).isEqualTo(50);
                assertThat(a1.info().walks()).isEqualTo(300);
                assertThat(a1.stats().reason()).isNull();
                assertThat(a2.stats().reason()).isEqualTo(StopReason.STOPPED);
                assertThat(a1.profile().totalCount()).isEqualTo(a1.stats().threadStacks()).isPositive();
                assertThat(a1.stats().threadStacks() + a1.stats().totalDrops()).isEqualTo(300);
                assertThat(a2.stats().threadStacks() + a2.stats().totalDrops()).isEqualTo(50);
                assertThat(a1.profile().isSealed()).isTrue();
                assertThat(functions(a1)).contains("spin_a").doesNotContain("spin_b");
                assertThat(functions(b1)).contains("spin_b").doesNotContain("spin_a");
                assertThat(functions(a2)).contains("spin_a");
                assertThat(a1.info().pid()).isEqualTo(a.pid());
                assertThat(a1.info().rateHz()).isPositive();
                assertThat(a2.info().startEpochMillis()).isGreaterThanOrEqualTo(a1.info().endEpochMillis() - 1);
            }
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#supported")
    void runEndsAtTheDurationOrWhenTheTargetExits(String version) throws Exception {
        Path python = TestPythons.require(version);
        try (PythonChild a = PythonChild.run(python, dir, "spin.py", SPIN, "a")) {
            a.awaitLine("READY");
            SessionOptions timed = SessionOptions.builder().rateHz(200).duration(Duration.ofMillis(500)).build();
            try (RecordingSession s = RecordingSession.start(PythonProcess.attach(a.pid(), MemoryBackend.AUTO),
                    timed)) {
                assertThat(s.run(ProgressListener.NONE)).isEqualTo(StopReason.DURATION);
                ProfileInterval all = s.cutInterval();
                assertThat(all.stats().elapsedNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
                assertThat(all.stats().walks()).isBetween(10L, 200L);
                assertThat(functions(all)).contains("spin_a");
            }
            try (RecordingSession s = RecordingSession.start(PythonProcess.attach(a.pid(), MemoryBackend.AUTO),
                    SessionOptions.builder().rateHz(100).build())) {
                Thread killer = new Thread(() -> {
                    try {
                        a.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                killer.start();
                assertThat(s.run(ProgressListener.NONE)).isEqualTo(StopReason.TARGET_EXITED);
                killer.join();
                assertThat(s.sampleOnce()).isFalse();
            }
        }
    }
}
