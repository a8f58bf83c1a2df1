package io.pysample.memory;

/**
 * The kernel's ptrace access check refused access to the target ({@code EPERM}/{@code EACCES}). The message says
 * how to get permission: run as the target's user or as root, grant {@code CAP_SYS_PTRACE}, or relax
 * {@code kernel.yama.ptrace_scope}; in a container, start it with {@code --cap-add SYS_PTRACE}. When pysample
 * already has root or {@code CAP_SYS_PTRACE} it says why the target is protected instead ({@link PtraceRemedy}).
 */
public final class PermissionDeniedException extends MemoryAccessException {
    private static final long serialVersionUID = 1L;

    /** How to get the permission, appended to the message when pysample runs without privileges. */
    public static final String REMEDY = PtraceRemedy.GET_PERMISSION;

    private final int pid;

    public PermissionDeniedException(int pid, String what) {
        super("permission denied " + what + " of process " + pid + ": " + PtraceRemedy.forThisProcess());
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }
}
