package io.pysample.memory;

/**
 * The kernel's ptrace access check refused access to the target ({@code EPERM}/{@code EACCES}). The message says
 * how to get permission: run as the target's user or as root, grant {@code CAP_SYS_PTRACE}, or relax
 * {@code kernel.yama.ptrace_scope}; in a container, start it with {@code --cap-add SYS_PTRACE}.
 */
public final class PermissionDeniedException extends MemoryAccessException {
    private static final long serialVersionUID = 1L;

    /** How to get the permission, appended to every message of this type. */
    public static final String REMEDY = "run pysample as the same user as the target or as root, or give it "
            + "CAP_SYS_PTRACE (sudo setcap cap_sys_ptrace+ep, or a container started with --cap-add SYS_PTRACE); "
            + "if /proc/sys/kernel/yama/ptrace_scope is above 0, lower it (sudo sysctl kernel.yama.ptrace_scope=0)";

    private final int pid;

    public PermissionDeniedException(int pid, String what) {
        super("permission denied " + what + " of process " + pid + ": " + REMEDY);
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }
}
