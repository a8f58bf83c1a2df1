package io.pysample.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code pysample snapshot}: not implemented yet. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Take a heavier snapshot (locals, GC, asyncio tasks) through remote execution (NOT IMPLEMENTED YET).")
final class SnapshotCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCodes.USAGE, "snapshot is not implemented yet in this build");
    }
}
