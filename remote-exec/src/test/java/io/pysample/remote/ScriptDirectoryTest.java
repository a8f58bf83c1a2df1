package io.pysample.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.ProcessInfo;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The private script directory: modes, ownership handed to the target's uid, and a target in another mount
 * namespace with its own {@code /tmp} (as in a container), running as {@code nobody}.
 */
class ScriptDirectoryTest {
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void sameUserTargetGetsAPrivateDirectoryInTmp(String version) throws Exception {
        try (PythonChild child = PythonChild.run(TestPythons.require(version), dir, "t.py",
                "import time\nprint('READY', flush=True)\nwhile True: time.sleep(0.01)\n")) {
            child.awaitLine("READY");
            Path host;
            try (ScriptDirectory sd = ScriptDirectory.create(new ProcessInfo(child.pid()))) {
                host = sd.hostDir();
                assertThat(host.getParent()).isEqualTo(Path.of("/tmp"));
                assertThat(sd.targetPath("x.py")).isEqualTo(host + "/x.py");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(host))).isEqualTo("rwx------");
                sd.writeScript("x.py", "pass\n");
                String result = sd.prepareResult();
                assertThat(result).isEqualTo(host + "/result.json");
                assertThat(mode(host.resolve("x.py"))).isEqualTo("r--------");
                assertThat(mode(host.resolve("result.json.tmp"))).isEqualTo("rw-------");
                assertThat(sd.readResult(100)).isEmpty();
                Files.writeString(host.resolve("result.json"), "{\"a\": 1}");
                assertThat(new String(sd.readResult(100).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"a\": 1}");
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> sd.readResult(3)))
                        .isInstanceOf(RemoteExecException.class).hasMessageContaining("more than the cap of 3");
                Files.delete(host.resolve("result.json"));
                Files.createSymbolicLink(host.resolve("result.json"), Path.of("/etc/hostname"));
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> sd.readResult(100)))
                        .hasMessageContaining("is not a regular file");
            }
            assertThat(Files.exists(host, LinkOption.NOFOLLOW_LINKS)).as("removed").isFalse();
        }
    }

    /** Root runs pysample; the target runs as nobody in a private mount namespace with its own tmpfs /tmp. */
    @ParameterizedTest(name = "CPython {0}")
    @MethodSource("io.pysample.testsupport.TestPythons#withRemoteExec")
    void anotherUsersTargetInAnotherMountNamespaceRunsTheScript(String version) throws Exception {
        Assumptions.assumeTrue(ScriptDirectory.effectiveUid() == 0, "needs root");
        Path python = TestPythons.require(version);
        Path cache = python.getParent().getParent().getParent().getParent().getParent(); // .../pythons
        Path bind = Files.createDirectory(dir.resolve("bind"));
        Path script = dir.resolve("t.py");
        Files.writeString(script, "import os, time\nprint('READY', os.getuid(), flush=True)\n"
                + "while True: time.sleep(0.01)\n");
        Path scriptCopy = Files.createDirectory(dir.resolve("script"));
        Files.copy(script, scriptCopy.resolve("t.py"));
        // The interpreter lives under /root (mode 0700): bind it into a 0755 tmpfs over /root; then a private /tmp.
        // Every directory created here is inside a namespace-private tmpfs: nothing changes on the host.
        String shell = "set -e; mount --make-rprivate /; mount --bind " + cache + " " + bind
                + "; mount -t tmpfs -o mode=755 tmpfs /root; mkdir -p " + cache + " /root/script; mount --bind "
                + bind + " " + cache + "; mount --bind " + scriptCopy + " /root/script"
                + "; mount -t tmpfs -o mode=1777 tmpfs /tmp; exec setpriv --reuid=" + NOBODY + " --regid="
                + NOBODY + " --clear-groups " + python + " /root/script/t.py";
        Assumptions.assumeTrue(cache.startsWith("/root"), "the interpreters are not under /root");
        Assumptions.assumeTrue(new ProcessBuilder("unshare", "-m", "true").start().waitFor(10, TimeUnit.SECONDS),
                "no unshare");
        PythonChild child = PythonChild.start(List.of("unshare", "-m", "sh", "-c", shell), Map.of(), dir);
        try (child) {
            String ready;
            try {
                ready = child.awaitLine("READY", Duration.ofSeconds(20));
            } catch (AssertionError e) {
                Assumptions.abort("cannot set up the namespace: " + e.getMessage());
                return;
            }
            assertThat(ready).isEqualTo(Integer.toString(NOBODY));
            ProcessInfo info = new ProcessInfo(child.pid());
            assertThat(info.uid()).isEqualTo(NOBODY);
            assertThat(ScriptDirectory.sameFilesystemView(child.pid())).isFalse();
            try (ScriptDirectory sd = ScriptDirectory.create(info)) {
                assertThat(sd.hostDir().toString()).startsWith("/proc/" + child.pid() + "/root/tmp/pysample-exec-");
                assertThat(Files.getAttribute(sd.hostDir(), "unix:uid")).isEqualTo(NOBODY);
                sd.writeScript("s.py", "pass\n");
                assertThat(Files.getAttribute(sd.hostDir().resolve("s.py"), "unix:uid")).isEqualTo(NOBODY);
                assertThat(Files.exists(Path.of(sd.targetPath("s.py")))).as("not in our /tmp").isFalse();
            }
            try (PythonProcess p = PythonProcess.attach(child.pid(), MemoryBackend.AUTO)) {
                ExecResult r = RemoteRunner.exec(p, ("import os\nprint('INJECTED', os.getuid(), "
                        + "__file__, flush=True)\n").getBytes(StandardCharsets.UTF_8), "/inject.py",
                        OptionalLong.empty(), Duration.ofSeconds(10));
                assertThat(r.outcome()).as(r.toString()).isEqualTo(ExecResult.Outcome.OK);
                assertThat(r.thread().main()).isTrue();
            }
            assertThat(child.awaitLine("INJECTED")).isEqualTo(NOBODY + " /inject.py");
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
