package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pysample.memory.ProcessInfo;
import io.pysample.testsupport.PythonChild;
import io.pysample.testsupport.TestPythons;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pysample dump} against real processes that are gone, not Python, too old, or fine: exit codes, one-line
 * messages, and the documented {@code --json} schema. Runs {@link Main#run} in-process with captured output.
 */
class DumpCommandTest {
    @TempDir
    Path dir;

    /** Exit code and captured standard output and error of one in-process run. */
    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        CliRun r = CliRun.inProcess(args);
        return new Run(r.exitCode, r.out, r.err);
    }

    @Test
    void versionExitsZero() {
        Run r = run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("pysample ");
    }

    @Test
    void deadPidExitsThreeWithOneLineNamingIt() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        int pid = (int) p.pid();
        assertThat(ProcessInfo.exists(pid)).isFalse();
        Run r = run("dump", String.valueOf(pid));
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.NO_SUCH_PROCESS);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).contains(String.valueOf(pid));
        assertThat(r.out()).isEmpty();
    }

    @Test
    void zombieExitsThreeWithOneLineNamingIt() throws Exception {
        // The parent forks a child that exits at once and is never reaped: its pid stays, as a zombie.
        try (PythonChild parent = PythonChild.run(TestPythons.require("3.14"), dir, "zombie.py", String.join("\n",
                "import os, time",
                "pid = os.fork()",
                "if pid == 0:",
                "    os._exit(0)",
                "def state():",  // the child's kernel state; Z once it exited (not after any fixed time)
                "    with open(f'/proc/{pid}/stat') as f:",
                "        return f.read().rsplit(')', 1)[1].split()[0]",
                "while state() != 'Z':",
                "    time.sleep(0.01)",
                "print('ZOMBIE', pid, flush=True)",
                "time.sleep(60)", ""))) {
            int pid = Integer.parseInt(parent.awaitLine("ZOMBIE"));
            assertThat(ProcessInfo.exists(pid)).isTrue();
            Run r = run("dump", String.valueOf(pid));
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.NO_SUCH_PROCESS);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().get(0)).contains(String.valueOf(pid));
        }
    }

    @Test
    void nonPythonProcessExitsFive() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        try {
            Run r = run("dump", String.valueOf(p.pid()));
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.NOT_PYTHON);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().get(0)).contains(String.valueOf(p.pid())).contains("not a Python process");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void python311ExitsSixAskingFor313() throws Exception {
        Path python = TestPythons.requireSystem("3.11");
        try (PythonChild child = PythonChild.run(python, dir, "old.py", String.join("\n",
                "import sys, time",
                "assert sys.version_info[:2] == (3, 11), sys.version",
                "print('READY', flush=True)",
                "time.sleep(60)", ""))) {
            child.awaitLine("READY");
            Run r = run("dump", String.valueOf(child.pid()));
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.UNSUPPORTED_PYTHON);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.errLines().get(0)).contains("3.11").contains("3.13");
        }
    }

    @Test
    void jsonDumpOfA314TargetFollowsTheSchema() throws Exception {
        Path python = TestPythons.require("3.14");
        String script = String.join("\n",
                "import threading, time",                                   // 1
                "def worker_leaf(lock):",                                   // 2
                "    lock.acquire()",                                       // 3
                "def worker(lock):",                                        // 4
                "    worker_leaf(lock)",                                    // 5
                "def main_park():",                                         // 6
                "    print('READY', ready, flush=True); time.sleep(600)",   // 7: READY from in here, not before
                "lock = threading.Lock()",                                  // 8
                "lock.acquire()",                                           // 9
                "t = threading.Thread(target=worker, args=(lock,), name='worker-ü', daemon=True)",
                "t.start()",
                "while t.native_id is None or not any(",
                "        f.f_code.co_name == 'worker_leaf' for f in [__import__('sys')._current_frames().get(t.ident)]",
                "        if f is not None):",
                "    time.sleep(0.01)",
                "time.sleep(0.2)",
                "ready = t.native_id",
                "main_park()", "");
        try (PythonChild child = PythonChild.run(python, dir, "target.py", script)) {
            long workerTid = Long.parseLong(child.awaitLine("READY"));
            Run r = run("dump", "--json", String.valueOf(child.pid()));
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            JsonNode root = new ObjectMapper().readTree(r.out());
            assertThat(root.get("pid").isInt()).isTrue();
            assertThat(root.get("pid").asInt()).isEqualTo(child.pid());
            assertThat(root.get("command_line").asText()).contains("target.py");
            assertThat(root.get("executable").asText()).endsWith("python3.14");
            assertThat(root.get("python_version").asText()).startsWith("3.14.");
            assertThat(root.get("dropped_threads").asInt()).isZero();
            JsonNode threads = root.get("threads");
            assertThat(threads.isArray()).isTrue();
            assertThat(threads.size()).isEqualTo(2);
            for (JsonNode t : threads) {
                assertThat(fieldNames(t)).containsExactlyInAnyOrder("thread_id", "native_thread_id",
                        "namespace_thread_id", "interpreter_id", "name", "main", "holds_gil", "active", "os_state",
                        "gc_running", "truncated", "frames");
                assertThat(t.get("thread_id").isIntegralNumber()).isTrue();
                // No PID namespace here: the target's own id is the host's; one interpreter.
                assertThat(t.get("namespace_thread_id").asLong()).isEqualTo(t.get("native_thread_id").asLong());
                assertThat(t.get("interpreter_id").asLong()).isZero();
                assertThat(t.get("native_thread_id").isIntegralNumber()).isTrue();
                assertThat(t.get("name").isTextual()).isTrue();
                for (String b : List.of("main", "holds_gil", "active", "gc_running", "truncated")) {
                    assertThat(t.get(b).isBoolean()).as(b).isTrue();
                }
                assertThat(t.get("os_state").asText()).hasSize(1);
                for (JsonNode f : t.get("frames")) {
                    assertThat(fieldNames(f)).containsExactlyInAnyOrder("function", "file", "line", "first_line");
                    assertThat(f.get("line").isInt()).isTrue();
                    assertThat(f.get("first_line").isInt()).isTrue();
                }
            }
            String file = dir.resolve("target.py").toString();
            JsonNode main = threads.get(0);
            assertThat(main.get("main").asBoolean()).isTrue();
            assertThat(main.get("native_thread_id").asLong()).isEqualTo(child.pid());
            assertThat(main.get("frames").get(0)).isEqualTo(frame("main_park", file, 7, 6));
            assertThat(main.get("frames").get(1)).isEqualTo(frame("<module>", file, 18, 1));
            JsonNode worker = threads.get(1);
            assertThat(worker.get("main").asBoolean()).isFalse();
            assertThat(worker.get("native_thread_id").asLong()).isEqualTo(workerTid);
            assertThat(worker.get("name").asText()).isEqualTo("worker-ü"); // 3.14 names the OS thread
            assertThat(worker.get("holds_gil").asBoolean()).isFalse();
            assertThat(worker.get("frames").get(0)).isEqualTo(frame("worker_leaf", file, 3, 2));
            assertThat(worker.get("frames").get(1)).isEqualTo(frame("worker", file, 5, 4));
            assertThat(worker.get("frames").get(2).get("function").asText()).isEqualTo("Thread.run");
        }
    }

    @Test
    void python313ThreadsHaveTheirThreadingNamesInJsonAndText() throws Exception {
        Path python = TestPythons.require("3.13");
        String script = String.join("\n",
                "import json, threading, time",
                "release = threading.Event()",
                "names = ['worker-ü', 'рабочий-名前', 'long-' + 'z' * 60]",
                "threads = [threading.Thread(target=release.wait, name=n, daemon=True) for n in names]",
                "for t in threads:",
                "    t.start()",
                // start() returns before the thread is in threading._active, where 3.13 names are read from
                "while any(threading._active.get(t.ident) is not t for t in threads):",
                "    time.sleep(0.01)",
                "ids = {t.native_id: t.name for t in threads + [threading.main_thread()]}",
                "print('READY', json.dumps(ids), flush=True)",
                "time.sleep(600)", "");
        try (PythonChild child = PythonChild.run(python, dir, "named.py", script)) {
            JsonNode truth = new ObjectMapper().readTree(child.awaitLine("READY"));
            assertThat(truth.size()).isEqualTo(4);
            Run json = run("dump", "--json", String.valueOf(child.pid()));
            assertThat(json.exit()).as(json.err()).isZero();
            JsonNode threads = new ObjectMapper().readTree(json.out()).get("threads");
            assertThat(threads.size()).isEqualTo(4);
            for (JsonNode t : threads) {
                // 3.13 leaves the kernel's names alone: these come from threading._active in the target's memory.
                String expected = truth.get(t.get("native_thread_id").asText()).asText();
                assertThat(t.get("name").asText()).isEqualTo(expected);
            }
            Run text = run("dump", String.valueOf(child.pid()));
            assertThat(text.exit()).as(text.err()).isZero();
            truth.fields().forEachRemaining(e -> assertThat(text.out())
                    .contains("Thread " + e.getKey() + " (").contains("): \"" + e.getValue().asText() + "\""));

            // record --threads: each thread's root frame carries its name.
            Path out = dir.resolve("threads.collapsed");
            CliRun rec = CliRun.inProcess("record", "--idle", "--threads", "-d", "0.5", "-r", "50", "-f", "collapsed",
                    "-o", out.toString(), String.valueOf(child.pid()));
            assertThat(rec.exitCode).as(rec.toString()).isZero();
            String collapsed = java.nio.file.Files.readString(out);
            truth.fields().forEachRemaining(e -> assertThat(collapsed)
                    .contains("[" + e.getValue().asText() + " tid=" + e.getKey() + "];"));
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode frame(String function, String file, int line, int firstLine) {
        return new ObjectMapper().valueToTree(Map.of("function", function, "file", file, "line", line,
                "first_line", firstLine));
    }
}
