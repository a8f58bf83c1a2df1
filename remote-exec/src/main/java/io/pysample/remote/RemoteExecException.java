package io.pysample.remote;

/**
 * Remote execution (PEP 768) was refused before anything was written to the target, or did not complete. The
 * message is one complete sentence for the user; {@link #reason()} tells programs which case it is.
 */
public final class RemoteExecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why remote execution failed. */
    public enum Reason {
        /** The target's CPython has no PEP 768 support (3.13: the {@code debugger_support} offsets are absent). */
        UNSUPPORTED_VERSION,
        /** The target runs with {@code PYTHON_DISABLE_REMOTE_DEBUG} or {@code -X disable-remote-debug}. */
        DISABLED,
        /** The script path does not fit {@code debugger_script_path} (with its NUL). */
        PATH_TOO_LONG,
        /** A previous script is still pending on that thread ({@code debugger_pending_call == 1}). */
        ALREADY_PENDING,
        /** The requested native thread id is not a Python thread of the target. */
        NO_SUCH_THREAD,
        /** No interpreter or thread state could be read (the target is starting up or shutting down). */
        NO_INTERPRETER,
        /** The script directory could not be prepared for the target (ownership, missing {@code /tmp}, I/O). */
        CANNOT_STAGE,
        /** The thread did not pick the script up in time (it is not executing Python code). */
        NOT_PICKED_UP,
        /** The script was picked up but reported no result in time (still running, or it failed to start). */
        NO_RESULT,
        /** The script's result was unusable (too large, not a regular file, not JSON, not of its schema). */
        BAD_RESULT,
        /** The bundled snapshot script reported that it failed (the result's {@code fatal}). */
        SCRIPT_FAILED,
        /** pysample was interrupted while waiting. */
        INTERRUPTED
    }

    private final Reason reason;

    public RemoteExecException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RemoteExecException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
