package io.pysample.cli;

import io.pysample.core.asyncio.AsyncMode;
import io.pysample.core.asyncio.AsyncProfileHook;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.session.RecordingSession;
import picocli.CommandLine.Option;

/** {@code record --async-aware [--async-mode running|all]}: asyncio task stacks (CPython 3.14+). */
final class AsyncOptions {
    @Option(names = "--async-aware",
            description = "Show asyncio tasks: a running task's stack continues with [task] frames and the tasks "
                    + "awaiting it instead of the event loop (CPython 3.14+).")
    boolean asyncAware;

    @Option(names = "--async-mode", paramLabel = "MODE",
            description = "With --async-aware: running (only tasks running a step, default) or all (also count "
                    + "every waiting leaf task once per sample).")
    AsyncMode mode;

    void validate() {
        if (mode != null && !asyncAware) {
            throw new UserError(ExitCodes.USAGE, "--async-mode needs --async-aware");
        }
    }

    /** Makes {@code session} async-aware if asked. @throws UserError (usage) for a target older than 3.14 */
    void install(RecordingSession session) {
        if (!asyncAware) {
            return;
        }
        requireAsyncio(session.process(), "--async-aware");
        session.sampler().setStackHook(new AsyncProfileHook(session.process(), mode == null ? AsyncMode.RUNNING
                : mode, session.sampler().profile()));
    }

    static void requireAsyncio(PythonProcess p, String option) {
        if (!p.version().atLeast(3, 14)) {
            throw new UserError(ExitCodes.USAGE, option + " needs CPython 3.14 or newer (asyncio debug offsets); "
                    + "process " + p.pid() + " runs " + p.version());
        }
    }
}
