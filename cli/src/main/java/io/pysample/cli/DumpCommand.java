package io.pysample.cli;

import io.pysample.core.asyncio.AsyncMode;
import io.pysample.core.asyncio.AsyncTaskDumper;
import io.pysample.core.asyncio.TaskDump;
import io.pysample.core.asyncio.TaskStack;
import io.pysample.core.attach.AttachException;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.dump.StackDump;
import io.pysample.core.dump.StackDumper;
import io.pysample.export.AsyncTasksText;
import io.pysample.export.DumpJson;
import io.pysample.export.DumpText;
import io.pysample.memory.MemoryAccessException;
import io.pysample.memory.ProcessTable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pysample dump PID}: every thread's current stack, once. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print every thread's current Python stack, innermost frame first, like py-spy dump.",
            "Reads the target's memory without stopping it or writing to it."},
        footer = ExitCodes.HELP)
final class DumpCommand implements Callable<Integer> {
    @Mixin
    PidArgument pid;

    @Mixin
    TargetOptions target;

    @Option(names = "--json", description = "Print one JSON document (schema in the README) instead of text; with "
            + "--subprocesses one per process.")
    boolean json;

    @Option(names = "--async", description = "Also print every asyncio task's stack, with the tasks awaiting it "
            + "(CPython 3.14+); with --json as an \"asyncio\" member (schema in the README).")
    boolean async;

    @Option(names = "--async-mode", paramLabel = "MODE", description = "With --async: all (every task, default) or "
            + "running (only tasks running a step, with the tasks awaiting them).")
    AsyncMode asyncMode;

    @Option(names = "--subprocesses", description = "Also dump every descendant Python process (each after its "
            + "parent, with its own header); descendants that are not Python are skipped.")
    boolean subprocesses;

    @Override
    public Integer call() throws Exception {
        target.validate();
        int p = pid.require();
        if (asyncMode != null && !async) {
            throw new UserError(ExitCodes.USAGE, "--async-mode needs --async");
        }
        AsyncMode mode = asyncMode == null ? AsyncMode.ALL : asyncMode;
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (PythonProcess process = PythonProcess.attach(p, target.backend)) {
            if (async) {
                AsyncOptions.requireAsyncio(process, "--async");
            }
            print(process, mode, out);
        }
        if (subprocesses) {
            for (int child : ProcessTable.scan().descendantsOf(List.of(p))) {
                try (PythonProcess process = PythonProcess.attach(child, target.backend)) {
                    out.println();
                    print(process, mode, out);
                } catch (AttachException | MemoryAccessException e) {
                    // not Python, gone or unreadable: skipped silently
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A descendant older than 3.14 gets no task section ({@code "asyncio": null} in JSON). */
    private void print(PythonProcess process, AsyncMode mode, PrintStream out) throws java.io.IOException {
        StackDump dump = StackDumper.dump(process, target.maxDepth);
        boolean tasks = async && process.version().atLeast(3, 14);
        if (json) {
            if (async) {
                List<TaskDump> list = tasks ? AsyncTaskDumper.tasks(process, dump, mode) : null;
                DumpJson.write(dump, mode, list, out);
            } else {
                DumpJson.write(dump, out);
            }
            out.println();
            return;
        }
        DumpText.write(dump, out);
        if (tasks) {
            List<TaskStack> stacks = AsyncTaskDumper.dump(process, dump, mode);
            AsyncTasksText.write(stacks, out);
        }
    }
}
