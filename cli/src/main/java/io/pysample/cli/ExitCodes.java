package io.pysample.cli;

/**
 * Exit codes of every {@code pysample} command (also listed in {@code --help} and the README).
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An unexpected internal error (a bug: please report it with the stack trace printed). */
    public static final int INTERNAL = 1;
    /** The command line is wrong (unknown option, bad value). */
    public static final int USAGE = 2;
    /** No such process, or it exited before pysample could attach or take a sample. */
    public static final int NO_SUCH_PROCESS = 3;
    /** Permission denied reading the target (ptrace access check). */
    public static final int PERMISSION_DENIED = 4;
    /** The target is not a Python process (a started command ran no Python within 1 s or the duration). */
    public static final int NOT_PYTHON = 5;
    /** The target is a Python pysample cannot read (older than 3.13, free-threaded, unknown layout). */
    public static final int UNSUPPORTED_PYTHON = 6;
    /** The output file cannot be written. */
    public static final int OUTPUT_ERROR = 7;
    /** The command to profile could not be started. */
    public static final int LAUNCH_FAILED = 8;
    /**
     * Remote execution (exec, snapshot) was refused (3.13 target, remote debugging disabled, script pending, not a
     * Python thread), was not picked up or reported no result within {@code --timeout}, the script raised, or its
     * result was unusable (not a valid document: the target's code or an audit hook may have replaced it).
     */
    public static final int REMOTE_EXEC_FAILED = 9;
    /** {@code report}: no stored profile matches the time range and filters. */
    public static final int NO_DATA = 10;
    /**
     * {@code report}: the profile store is missing, unreadable or not a pysample store; {@code agent}: the store
     * cannot be opened or created.
     */
    public static final int STORE_ERROR = 11;

    /**
     * The exit-code table shown at the end of {@code --help}; README's "Exit codes" table has the same rows (checked by
     * {@code ExitCodesTest}).
     */
    static final String HELP = "%nExit codes:%n"
            + "  0  success%n"
            + "  1  internal error (a bug)%n"
            + "  2  bad command line%n"
            + "  3  no such process, or it exited before pysample could attach or sample it%n"
            + "  4  permission denied (run as the target's user or root, or grant CAP_SYS_PTRACE)%n"
            + "  5  not a Python process (record -- COMMAND: the command ran no Python within 1 s or the duration)%n"
            + "  6  unsupported Python (older than 3.13, free-threaded)%n"
            + "  7  output cannot be written%n"
            + "  8  the command to profile could not be started%n"
            + "  9  remote execution refused, still pending or without result after --timeout, the script raised, or "
            + "its result was unusable%n"
            + " 10  report: no stored profile matches the time range and filters%n"
            + " 11  report, agent: the profile store is missing, unreadable or not a pysample store%n"
            + "record -- COMMAND exits with the command's status (128+N if signal N ended it).%n";

    private ExitCodes() {
    }
}
