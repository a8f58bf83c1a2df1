package io.pysample.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pysample.core.attach.PythonProcess;
import io.pysample.remote.PythonThreadState;
import io.pysample.remote.RemoteRunner;
import io.pysample.export.SnapshotJson;
import io.pysample.memory.MemoryBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pysample exec PID (SCRIPT.py | -c CODE)}: runs Python code inside a live 3.14+ process (PEP 768). */
@Command(name = "exec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a Python script inside a live CPython 3.14+ process at its next safe point (PEP 768, "
                + "like sys.remote_exec), and wait until it has run.",
            "  pysample exec PID SCRIPT.py",
            "  pysample exec PID -c CODE",
            "The script runs in the target's main thread (or --thread TID) with a fresh globals dict; its output "
                + "goes to the target's stdout/stderr. It only runs when that thread executes Python code: a "
                + "thread blocked in a system call picks it up when the call returns. The target raises the audit "
                + "event cpython.remote_debugger_script. Needs the same permission as a debugger (ptrace)."},
        footer = ExitCodes.HELP)
final class ExecCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PID", description = "The process to run the script in.")
    int pid;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SCRIPT.py", description = "The Python file to run.")
    Path script;

    @Option(names = "-c", paramLabel = "CODE", description = "Python code to run instead of a file.")
    String code;

    @Mixin
    RemoteOptions remote;

    @Override
    public Integer call() throws Exception {
        if (pid <= 0) {
            throw new UserError(ExitCodes.USAGE, "a pid must be positive, got " + pid);
        }
        if ((script == null) == (code == null)) {
            throw new UserError(ExitCodes.USAGE, "give either a SCRIPT.py or -c CODE");
        }
        Duration timeout = remote.timeout();
        OptionalLong tid = remote.thread();
        byte[] source;
        String shown;
        if (script != null) {
            try {
                source = Files.readAllBytes(script);
            } catch (IOException e) {
                throw new UserError(ExitCodes.USAGE, "cannot read " + script + ": " + e.getMessage());
            }
            shown = script.toAbsolutePath().normalize().toString();
        } else {
            source = code.getBytes(StandardCharsets.UTF_8);
            shown = "<pysample exec -c>";
        }
        RemoteRunner.Result result;
        try (PythonProcess process = PythonProcess.attach(pid, MemoryBackend.AUTO)) {
            result = RemoteRunner.exec(process, source, shown, tid, timeout);
        }
        JsonNode doc = SnapshotJson.parse(result.json());
        String where = "process " + pid + ", " + describe(result.thread(), doc.path("thread"));
        String timing = "picked up after " + RemoteOptions.seconds(result.pickupNanos()) + ", finished after "
                + RemoteOptions.seconds(result.totalNanos());
        if (doc.has("fatal")) {
            throw new UserError(ExitCodes.REMOTE_EXEC_FAILED, "pysample's wrapper failed in " + where + ": "
                    + doc.get("fatal").asText());
        }
        if (!"ok".equals(doc.path("status").asText())) {
            StringBuilder msg = new StringBuilder("the script raised " + doc.path("error").asText() + " in " + where
                    + " (" + timing + ")");
            for (JsonNode f : doc.path("traceback")) {
                msg.append(System.lineSeparator()).append("  File \"").append(f.path("file").asText())
                        .append("\", line ").append(f.path("line").asText()).append(", in ")
                        .append(f.path("function").asText());
            }
            throw new UserError(ExitCodes.REMOTE_EXEC_FAILED, msg.toString());
        }
        System.out.println("ran " + (script != null ? script.toString() : "-c code") + " in " + where + ": "
                + timing);
        return ExitCodes.OK;
    }

    /** {@code thread 1234 "MainThread" [main]}. */
    static String describe(PythonThreadState t, JsonNode reported) {
        String name = reported.path("name").isTextual() ? " \"" + reported.get("name").asText() + "\"" : "";
        return "thread " + t.nativeThreadId() + name + (t.main() ? " [main]" : "");
    }
}
