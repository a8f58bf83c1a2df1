package io.pysample.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code pysample record}: not implemented yet. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Sample a process continuously into a flame graph (NOT IMPLEMENTED YET).")
final class RecordCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCodes.USAGE, "record is not implemented yet in this build");
    }
}
