package io.pysample.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.MemoryBackend;
import io.pysample.remote.PythonThreadState;
import io.pysample.remote.PythonThreads;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A running {@code remote_target.py} with the native ids of its named threads, plus byte-level checks. */
final class RemoteTarget implements AutoCloseable {
    final PythonChild child;
    final Map<String, Long> tids = new HashMap<>();

    private RemoteTarget(PythonChild child) throws InterruptedException, IOException {
        this.child = child;
        JsonNode t = new ObjectMapper().readTree(child.awaitLine("TIDS "));
        t.fields().forEachRemaining(e -> tids.put(e.getKey(), e.getValue().asLong()));
        child.awaitLine("READY");
    }

    /**
     * Starts {@code remote_target.py MODE} with CPython {@code version}.
     *
     * @param env extra environment
     * @param pythonOptions options before the script, e.g. {@code -X disable-remote-debug}
     */
    static RemoteTarget start(String version, Path dir, String mode, Map<String, String> env,
            String... pythonOptions) throws Exception {
        Path script = PythonChild.copyWorkload(RemoteTarget.class, dir, "remote_target.py");
        List<String> cmd = new ArrayList<>();
        cmd.add(TestPythons.require(version).toString());
        cmd.addAll(List.of(pythonOptions));
        cmd.add(script.toString());
        cmd.add(mode);
        return new RemoteTarget(PythonChild.start(cmd, env, dir));
    }

    static RemoteTarget start(String version, Path dir, String mode) throws Exception {
        return start(version, dir, mode, Map.of());
    }

    int pid() {
        return child.pid();
    }

    String pidArg() {
        return Integer.toString(child.pid());
    }

    /**
     * Every thread state's bytes ({@code thread_state.size} each) and, where the version has it, the interpreter's
     * {@code remote_debugging_enabled} flag: whatever remote execution could write.
     */
    Map<String, byte[]> remoteExecState() throws InterruptedException {
        // Read until two reads 20 ms apart agree: right after READY a thread may still be on its way into the call
        // that blocks it, and its thread state changes by itself until it is there.
        Map<String, byte[]> state = readRemoteExecState();
        for (int i = 0; i < 100; i++) {
            Thread.sleep(20);
            Map<String, byte[]> again = readRemoteExecState();
            if (sameBytes(state, again)) {
                return again;
            }
            state = again;
        }
        return state;
    }

    private static boolean sameBytes(Map<String, byte[]> a, Map<String, byte[]> b) {
        return a.keySet().equals(b.keySet())
                && a.entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    private Map<String, byte[]> readRemoteExecState() {
        Map<String, byte[]> state = new TreeMap<>();
        try (PythonProcess p = PythonProcess.attach(pid(), MemoryBackend.AUTO)) {
            for (PythonThreadState t : PythonThreads.list(p)) {
                state.put("tstate " + t.nativeThreadId(), p.memory().readFully(t.address(),
                        p.offsets().tstateSize));
                long enabled = p.offsets().value("debugger_support.remote_debugging_enabled");
                if (enabled >= 0) {
                    state.put("interp " + t.interpreter(), p.memory().readFully(t.interpreter() + enabled, 4));
                }
            }
        }
        return state;
    }

    /** The {@code /tmp/pysample-exec-*} directories that exist now. */
    static TreeSet<String> stagingDirectories() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/tmp"), "pysample-exec-*")) {
            ds.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    @Override
    public void close() throws InterruptedException {
        child.close();
    }
}
