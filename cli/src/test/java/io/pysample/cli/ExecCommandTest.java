package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.LittleEndian;
import io.pysample.memory.MemoryBackend;
import io.pysample.remote.PythonThreadState;
import io.pysample.remote.PythonThreads;
import io.pysample.remote.RemoteDebuggerOffsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code pysample exec} against real CPython 3.14/3.15 processes, and its refusals (3.13, remote debug off). */
class ExecCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void runsAScriptFileOnTheMainThread(String version) throws Exception {
        Set<String> before = RemoteTarget.stagingDirectories();
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy")) {
            Path out = dir.resolve("ran.txt");
            Path script = dir.resolve("inject.py");
            Files.writeString(script, "import threading\nwith open(" + pyString(out) + ", 'w') as f:\n"
                    + "    f.write(threading.current_thread().name + ' ' + str(sorted(globals())))\n");
            CliRun run = CliRun.inProcess("exec", t.pidArg(), script.toString());
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out).startsWith("ran " + script + " in process " + t.pid() + ", thread "
                    + t.tids.get("MainThread") + " \"MainThread\" [main]: picked up after ");
            assertThat(Files.readString(out))
                    .isEqualTo("MainThread ['__builtins__', '__file__', '__name__', 'f', 'threading']");
        }
        assertThat(RemoteTarget.stagingDirectories()).as("no files left behind").isSubsetOf(before);
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void runsCodeOnAChosenThreadAndTheTargetPrints(String version) throws Exception {
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy")) {
            long spinner = t.tids.get("spinner");
            CliRun run = CliRun.inProcess("exec", t.pidArg(), "--thread", Long.toString(spinner), "-c",
                    "import threading; print('INJECTED in', threading.current_thread().name, flush=True)");
            assertThat(run.exitCode).as(run.toString()).isZero();
            assertThat(run.out).contains("thread " + spinner + " \"spinner\":");
            assertThat(t.child.awaitLine("INJECTED in")).isEqualTo("spinner");
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void reportsTheScriptsExceptionWithExit9(String version) throws Exception {
        try (RemoteTarget t = RemoteTarget.start(version, dir, "busy")) {
            CliRun run = CliRun.inProcess("exec", t.pidArg(), "-c", "def f():\n    raise ValueError('boom')\nf()\n");
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
            assertThat(run.err).startsWith("pysample: the script raised ValueError: boom in process " + t.pid())
                    .contains("File \"<pysample exec -c>\", line 2, in f");
            // The target is unaffected and keeps taking scripts.
            assertThat(CliRun.inProcess("exec", t.pidArg(), "-c", "pass").exitCode).isZero();
        }
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void aBlockedMainThreadTimesOutAsPendingAndARunningThreadWorks(String version) throws Exception {
        Set<String> before = RemoteTarget.stagingDirectories();
        try (RemoteTarget t = RemoteTarget.start(version, dir, "blocked")) {
            Path out = dir.resolve("marker.txt");
            String code = "open(" + pyString(out) + ", 'a').write(__import__('threading').current_thread().name)";
            long t0 = System.nanoTime();
            CliRun run = CliRun.inProcess("exec", "--timeout", "2", t.pidArg(), "-c", code);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
            assertThat(run.err).startsWith("pysample: the script is still pending after 2.0 s: main thread "
                    + t.tids.get("MainThread") + " of process " + t.pid() + " is not executing Python code");
            assertThat(run.err.strip().lines()).hasSize(1);
            assertThat(seconds).isBetween(1L, 6L);
            assertThat(pendingCall(t.pid(), t.tids.get("MainThread"))).as("the request was withdrawn").isZero();
            assertThat(RemoteTarget.stagingDirectories()).isSubsetOf(before);

            CliRun ok = CliRun.inProcess("exec", "--timeout", "5", "--thread", t.tids.get("spinner").toString(),
                    t.pidArg(), "-c", code);
            assertThat(ok.exitCode).as(ok.toString()).isZero();
            assertThat(Files.readString(out)).isEqualTo("spinner");
        }
    }

    @Test
    void refusesA313TargetWritingNothing() throws Exception {
        assertRefused("3.13", Map.of(), new String[0], "CPython 3.13.");
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void refusesATargetStartedWithPythonDisableRemoteDebug(String version) throws Exception {
        assertRefused(version, Map.of("PYTHON_DISABLE_REMOTE_DEBUG", "1"), new String[0],
                "remote debugging is disabled in process");
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void refusesATargetStartedWithXDisableRemoteDebug(String version) throws Exception {
        assertRefused(version, Map.of(), new String[] {"-X", "disable-remote-debug"},
                "remote debugging is disabled in process");
    }

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void refusesAThreadThatIsNotAPythonThread(String version) throws Exception {
        try (RemoteTarget t = RemoteTarget.start(version, dir, "quiet")) {
            Map<String, byte[]> before = t.remoteExecState();
            CliRun run = CliRun.inProcess("exec", "--thread", "999999999", t.pidArg(), "-c", "pass");
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
            assertThat(run.err).startsWith("pysample: thread 999999999 is not a Python thread of process " + t.pid());
            assertThat(run.err.strip().lines()).hasSize(1);
            assertSameBytes(before, t.remoteExecState());
        }
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertThat(CliRun.inProcess("exec", "1").exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.inProcess("exec", "1", "a.py", "-c", "pass").exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.inProcess("exec", "1", "-c", "pass", "--timeout", "0").exitCode)
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.inProcess("exec", "1", dir.resolve("missing.py").toString()).exitCode)
                .isEqualTo(ExitCodes.USAGE);
    }

    private void assertRefused(String version, Map<String, String> env, String[] options, String expected)
            throws Exception {
        Set<String> dirsBefore = RemoteTarget.stagingDirectories();
        try (RemoteTarget t = RemoteTarget.start(version, dir, "quiet", env, options)) {
            Map<String, byte[]> before = t.remoteExecState();
            CliRun run = CliRun.inProcess("exec", t.pidArg(), "-c", "print('MUST NOT RUN', flush=True)");
            assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
            assertThat(run.err).startsWith("pysample: " + expected);
            assertThat(run.err.strip().lines()).as("one line").hasSize(1);
            assertThat(run.out).isEmpty();
            assertSameBytes(before, t.remoteExecState());
            CliRun snap = CliRun.inProcess("snapshot", "--gc", t.pidArg());
            assertThat(snap.exitCode).as(snap.toString()).isEqualTo(ExitCodes.REMOTE_EXEC_FAILED);
            assertThat(snap.err).startsWith("pysample: " + expected);
            assertSameBytes(before, t.remoteExecState());
        }
        assertThat(RemoteTarget.stagingDirectories()).isSubsetOf(dirsBefore);
    }

    static void assertSameBytes(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as("%s unchanged", k).isEqualTo(v));
    }

    static int pendingCall(int pid, long tid) {
        try (PythonProcess p = PythonProcess.attach(pid, MemoryBackend.AUTO)) {
            RemoteDebuggerOffsets f = RemoteDebuggerOffsets.of(p.offsets());
            for (PythonThreadState t : PythonThreads.list(p)) {
                if (t.nativeThreadId() == tid) {
                    return LittleEndian.i32(p.memory().readFully(f.pendingCallAddress(t.address()), 4), 0);
                }
            }
        }
        throw new AssertionError("no thread " + tid);
    }

    static String pyString(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
