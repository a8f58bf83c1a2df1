package io.pysample.cli;

import io.pysample.core.attach.PythonProcess;
import io.pysample.export.Names;
import io.pysample.memory.MemoryBackend;
import io.pysample.remote.ExecResult;
import io.pysample.remote.RemoteRunner;
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
        ExecResult result;
        try (PythonProcess process = PythonProcess.attach(pid, MemoryBackend.AUTO)) {
            result = RemoteRunner.exec(process, source, shown, tid, timeout);
        }
        String where = "process " + pid + ", " + describe(result);
        String timing = "picked up after " + RemoteOptions.seconds(result.pickupNanos()) + ", finished after "
                + RemoteOptions.seconds(result.totalNanos());
        switch (result.outcome()) {
            case WRAPPER_FAILED:
                throw new UserError(ExitCodes.REMOTE_EXEC_FAILED, "pysample's wrapper failed in " + where + ": "
                        + Names.clean(result.error()));
            case RAISED:
                StringBuilder msg = new StringBuilder("the script raised " + Names.clean(result.error()) + " in "
                        + where + " (" + timing + ")");
                for (ExecResult.Frame f : result.traceback()) {
                    msg.append(System.lineSeparator()).append("  File \"").append(Names.clean(f.file()))
                            .append("\", line ").append(f.line().isPresent() ? f.line().getAsInt() : "?")
                            .append(", in ").append(Names.clean(f.function()));
                }
                throw new UserError(ExitCodes.REMOTE_EXEC_FAILED, msg.toString());
            default:
                System.out.println("ran " + Names.clean(script != null ? script.toString() : "-c code") + " in "
                        + where + ": " + timing);
                return ExitCodes.OK;
        }
    }

    /** {@code thread 1234 "MainThread" [main]}, the name escaped. */
    static String describe(ExecResult r) {
        String name = r.threadName().map(n -> " \"" + Names.clean(n) + "\"").orElse("");
        return "thread " + r.thread().nativeThreadId() + name + (r.thread().main() ? " [main]" : "");
    }
}
