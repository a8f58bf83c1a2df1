package io.pysample.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code pysample exec}: not implemented yet. */
@Command(name = "exec", mixinStandardHelpOptions = true,
        description = "Run a Python script inside a live 3.14+ process (PEP 768) (NOT IMPLEMENTED YET).")
final class ExecCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserError(ExitCodes.USAGE, "exec is not implemented yet in this build");
    }
}
