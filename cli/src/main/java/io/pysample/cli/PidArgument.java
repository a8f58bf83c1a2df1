package io.pysample.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A target pid given positionally or with {@code -p/--pid} (py-spy's habit). */
final class PidArgument {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PID", description = "The process to read.")
    Integer positional;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "The process to read (same as PID).")
    Integer option;

    /** The pid, or {@code null} if none was given. */
    Integer value() {
        if (positional != null && option != null && !positional.equals(option)) {
            throw new UserError(ExitCodes.USAGE, "two different pids given: " + positional + " and " + option);
        }
        Integer pid = positional != null ? positional : option;
        if (pid != null && pid <= 0) {
            throw new UserError(ExitCodes.USAGE, "a pid must be positive, got " + pid);
        }
        return pid;
    }

    int require() {
        Integer pid = value();
        if (pid == null) {
            throw new UserError(ExitCodes.USAGE, "no pid given");
        }
        return pid;
    }
}
