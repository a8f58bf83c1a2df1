package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dump}, {@code exec --thread} and {@code snapshot} for a target in its own PID namespace
 * ({@code unshare --pid --mount --fork --mount-proc}; root only): thread ids are pysample's (the host's), with the
 * target's own beside them, and {@code --thread} takes the id {@code dump} shows.
 */
class PidNamespaceCommandsTest {
    // Both threads hash with the GIL released (C code): active per the kernel's task state, which is only found
    // through the host's tid. (Two threads spinning in Python code take turns holding the GIL, and the one waiting
    // for it is idle in a consistent dump.)
    private static final String SCRIPT = String.join("\n",
            "import hashlib, threading",
            "DATA = bytes(64 << 20)",
            "def spin():",
            "    while True:",
            "        hashlib.sha256(DATA)",
            "w = threading.Thread(target=spin, name='worker', daemon=True)",
            "w.start()",
            "print('READY', w.native_id, flush=True)",
            "spin()",
            "");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void dumpExecAndSnapshotUseHostIds(String version) throws Exception {
        Path python = TestPythons.require(version);
        assumeTrue("root".equals(System.getProperty("user.name")), "unshare --pid needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare");
        Path script = dir.resolve("ns.py");
        Files.writeString(script, SCRIPT);
        try (PythonChild child = PythonChild.start(List.of("/usr/bin/unshare", "--pid", "--mount", "--fork",
                "--mount-proc", "--kill-child", python.toString(), script.toString()), Map.of(), dir)) {
            long innerTid = Long.parseLong(child.awaitLine("READY"));
            long pid = child.process().children().findFirst().orElseThrow().pid();
            long hostTid = -1;
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path t : tasks.toList()) {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("NSpid:") && line.strip().endsWith("\t" + innerTid)) {
                            hostTid = Long.parseLong(t.getFileName().toString());
                        }
                    }
                }
            }
            assertThat(hostTid).isPositive().isNotEqualTo(innerTid);

            CliRun dump = CliRun.inProcess("dump", Long.toString(pid));
            assertThat(dump.exitCode).as(dump.toString()).isZero();
            assertThat(dump.out).contains("Thread " + hostTid + " (tid " + innerTid + " in its PID namespace) (active")
                    .contains("Thread " + pid + " (tid 1 in its PID namespace) (active");

            CliRun exec = CliRun.inProcess("exec", Long.toString(pid), "--thread", Long.toString(hostTid), "-c",
                    "import threading; print('INJECTED in', threading.current_thread().name, flush=True)");
            assertThat(exec.exitCode).as(exec.toString()).isZero();
            assertThat(child.awaitLine("INJECTED in")).isEqualTo("worker");

            CliRun snapshot = CliRun.inProcess("snapshot", "--threads", Long.toString(pid));
            assertThat(snapshot.exitCode).as(snapshot.toString()).isZero();
            assertThat(snapshot.out).startsWith("Snapshot of process " + pid + " (pid 1 in its PID namespace)");
        }
    }
}
