package io.pysample.cli;

import io.pysample.agent.store.StoreException;
import io.pysample.core.attach.NotPythonException;
import io.pysample.core.attach.UnsupportedPythonException;
import io.pysample.export.Names;
import io.pysample.memory.PermissionDeniedException;
import io.pysample.memory.ProcessGoneException;
import io.pysample.remote.RemoteExecException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Turns exceptions into one-line messages and exit codes. */
final class Errors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = exitCode(e);
        if (code == ExitCodes.INTERNAL) {
            err.println("pysample: internal error: " + e);
            if (debugRequested(parsed)) {
                e.printStackTrace(err);
            } else {
                err.println("pysample: this is a bug; run the command again with --debug and report what it prints");
            }
        } else {
            // Messages may quote the target (thread names, a script's exception): no control sequence gets through.
            err.println("pysample: " + Names.cleanLines(String.valueOf(e.getMessage())));
        }
        err.flush();
        return code;
    }

    /** Whether {@code --debug} was given to the command or any of its parents. */
    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    static int exitCode(Throwable e) {
        if (e instanceof UserError) {
            return ((UserError) e).exitCode();
        }
        if (e instanceof ProcessGoneException) {
            return ExitCodes.NO_SUCH_PROCESS;
        }
        if (e instanceof PermissionDeniedException) {
            return ExitCodes.PERMISSION_DENIED;
        }
        if (e instanceof NotPythonException) {
            return ExitCodes.NOT_PYTHON;
        }
        if (e instanceof UnsupportedPythonException) {
            return ExitCodes.UNSUPPORTED_PYTHON;
        }
        if (e instanceof StoreException) {
            return ExitCodes.STORE_ERROR;
        }
        if (e instanceof RemoteExecException) {
            return ExitCodes.REMOTE_EXEC_FAILED;
        }
        return ExitCodes.INTERNAL;
    }
}
