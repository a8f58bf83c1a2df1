package io.pysample.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.MemoryBackend;
import io.pysample.remote.memory.MemoryWriter;
import io.pysample.remote.memory.ProcessMemoryWriter;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PEP 768 writes, byte by byte, against a real CPython whose main thread is blocked in {@code time.sleep}
 * (so it cannot pick anything up while the test looks).
 */
class RemoteExecProtocolTest {
    private static final String BLOCKED = "import time\nprint('READY', flush=True)\ntime.sleep(600)\n";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void writesPathPendingFlagAndStopBitRefusesASecondRequestAndWithdraws(String version) throws Exception {
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "blocked.py", BLOCKED)) {
            child.awaitLine("READY");
            child.awaitAsleep(Duration.ofSeconds(30)); // READY comes before the sleep
            try (PythonProcess p = PythonProcess.attach(child.pid(), MemoryBackend.AUTO);
                    RemoteExec rx = RemoteExec.open(p)) {
                RemoteDebuggerOffsets f = rx.fields();
                assertThat(f.scriptPathSize()).isEqualTo(512);
                PythonThreadState main = rx.selectThread(OptionalLong.empty());
                assertThat(main.main()).isTrue();
                assertThat(main.nativeThreadId()).isEqualTo(child.pid());
                byte[] breakerBefore = p.memory().readFully(f.evalBreakerAddress(main.address()), 8);

                PendingCall call = rx.request(main, "/tmp/does-not-matter.py");
                byte[] path = p.memory().readFully(f.scriptPathAddress(main.address()), 24);
                assertThat(new String(path, 0, 23, StandardCharsets.UTF_8)).isEqualTo("/tmp/does-not-matter.py");
                assertThat(path[23]).as("terminating NUL").isZero();
                assertThat(call.isPending()).isTrue();
                byte[] breaker = p.memory().readFully(f.evalBreakerAddress(main.address()), 8);
                assertThat(breaker[0]).isEqualTo((byte) (breakerBefore[0] | 0x20));
                assertThat(Arrays.copyOfRange(breaker, 1, 8)).as("other bytes untouched")
                        .isEqualTo(Arrays.copyOfRange(breakerBefore, 1, 8));

                assertThatThrownBy(() -> rx.selectThread(OptionalLong.empty()))
                        .isInstanceOf(RemoteExecException.class)
                        .satisfies(e -> assertThat(((RemoteExecException) e).reason())
                                .isEqualTo(RemoteExecException.Reason.ALREADY_PENDING))
                        .hasMessageContaining("a previous script is still pending on thread " + child.pid());

                assertThat(call.awaitPickup(Duration.ofMillis(300), Duration.ofSeconds(5))).isFalse();
                assertThat(call.withdraw()).isTrue();
                assertThat(call.isPending()).isFalse();
                assertThat(call.withdraw()).isFalse();
                assertThat(rx.selectThread(OptionalLong.empty()).address()).isEqualTo(main.address());
            }
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void setsTheStopBitAgainOnceWhenItWasLost(String version) throws Exception {
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "blocked.py", BLOCKED)) {
            child.awaitLine("READY");
            child.awaitAsleep(Duration.ofSeconds(30)); // READY comes before the sleep
            try (PythonProcess p = PythonProcess.attach(child.pid(), MemoryBackend.AUTO);
                    RemoteExec rx = RemoteExec.open(p);
                    MemoryWriter w = ProcessMemoryWriter.open(child.pid())) {
                RemoteDebuggerOffsets f = rx.fields();
                PythonThreadState main = rx.selectThread(OptionalLong.empty());
                PendingCall call = rx.request(main, "/tmp/x.py");
                long eb = f.evalBreakerAddress(main.address());
                byte[] low = p.memory().readFully(eb, 1);
                w.write(eb, new byte[] {(byte) (low[0] & ~0x20)}, 0, 1); // as if a concurrent update lost it
                // 2 s: the deadline counts from the request, and a first poll after it returns at once without the
                // re-arm; with 400 ms, the steps above (the writer's first use) once took that long on a loaded machine.
                assertThat(call.awaitPickup(Duration.ofSeconds(2), Duration.ofMillis(100))).isFalse();
                assertThat(call.rearmed()).isTrue();
                assertThat(p.memory().readFully(eb, 1)[0] & 0x20).isEqualTo(0x20);
                call.withdraw();
            }
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void refusesLongPathsAndUnknownThreadsWithoutWriting(String version) throws Exception {
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "blocked.py", BLOCKED)) {
            child.awaitLine("READY");
            child.awaitAsleep(Duration.ofSeconds(30)); // READY comes before the sleep
            try (PythonProcess p = PythonProcess.attach(child.pid(), MemoryBackend.AUTO);
                    RemoteExec rx = RemoteExec.open(p)) {
                PythonThreadState main = rx.selectThread(OptionalLong.empty());
                long support = main.address() + rx.fields().remoteDebuggerSupport();
                byte[] before = p.memory().readFully(support, 516);
                // CPython accepts strlen(path) < 512: 511 bytes plus the NUL fill the buffer exactly.
                assertThat(rx.encodePath("/" + "a".repeat(510))).hasSize(512);
                assertThatThrownBy(() -> rx.request(main, "/" + "a".repeat(511)))
                        .isInstanceOf(RemoteExecException.class)
                        .hasMessageContaining("the script path is 513 bytes with its NUL");
                assertThatThrownBy(() -> rx.selectThread(OptionalLong.of(Integer.MAX_VALUE)))
                        .isInstanceOf(RemoteExecException.class)
                        .hasMessageStartingWith("thread " + Integer.MAX_VALUE + " is not a Python thread of process "
                                + child.pid() + " (Python threads: " + child.pid() + ")");
                assertThat(p.memory().readFully(support, 516)).isEqualTo(before);
            }
        }
    }

    @Test
    void a313TargetHasNoRemoteExecution() throws Exception {
        try (PythonChild child = PythonChild.run(TestPythons.require("3.13"), dir, "blocked.py", BLOCKED)) {
            child.awaitLine("READY");
            try (PythonProcess p = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                assertThatThrownBy(() -> RemoteExec.open(p)).isInstanceOf(RemoteExecException.class)
                        .hasMessage("CPython " + p.version() + " has no remote execution: PEP 768 (sys.remote_exec) "
                                + "needs CPython 3.14 or newer");
                assertThat(PythonThreads.list(p)).singleElement()
                        .satisfies(t -> assertThat(t.nativeThreadId()).isEqualTo(child.pid()))
                        .satisfies(t -> assertThat(t.main()).isTrue());
            }
        }
    }
}
