package io.pysample.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What to tell a user whom the kernel's ptrace access check refused (ptrace(2), "Ptrace access mode checking"). A
 * user without privileges is told how to get them; a caller that already runs as root or holds
 * {@code CAP_SYS_PTRACE} is told why that was not enough: the target is not dumpable, Yama forbids attaching
 * altogether ({@code ptrace_scope} 3), or a Linux security module refuses.
 */
final class PtraceRemedy {
    /** {@code CAP_SYS_PTRACE}, bit 19 of {@code CapEff} (linux/capability.h). */
    private static final long CAP_SYS_PTRACE = 1L << 19;

    static final String GET_PERMISSION = "run pysample as the same user as the target or as root, or give it "
            + "CAP_SYS_PTRACE (sudo setcap cap_sys_ptrace+ep, or a container started with --cap-add SYS_PTRACE); "
            + "if /proc/sys/kernel/yama/ptrace_scope is above 0, lower it (sudo sysctl kernel.yama.ptrace_scope=0)";

    private PtraceRemedy() {
    }

    /** The advice for the current process (reads {@code /proc/self/status} and Yama's setting). */
    static String forThisProcess() {
        return forCaller(privileged(readOrEmpty(Path.of("/proc/self/status"))),
                readOrEmpty(Path.of("/proc/sys/kernel/yama/ptrace_scope")).strip());
    }

    static String forCaller(boolean privileged, String yamaScope) {
        if (!privileged) {
            return GET_PERMISSION;
        }
        if ("3".equals(yamaScope)) {
            return "pysample already has root or CAP_SYS_PTRACE, but kernel.yama.ptrace_scope is 3, which forbids "
                    + "reading any process's memory until the next boot";
        }
        return "pysample already has root or CAP_SYS_PTRACE, so the target is protected: it is not dumpable (a "
                + "setuid or setgid program, a process that called prctl(PR_SET_DUMPABLE, 0), or one in another "
                + "user namespace), or a security module (SELinux, AppArmor, a seccomp or container policy) refuses "
                + "ptrace access to it";
    }

    /** Whether {@code status} (of {@code /proc/self}) shows effective uid 0 or {@code CAP_SYS_PTRACE}. */
    static boolean privileged(String status) {
        for (String line : status.split("\n")) {
            String[] f = line.split("\\s+");
            try {
                if (f[0].equals("Uid:") && f.length > 2 && Integer.parseInt(f[2]) == 0) {
                    return true;
                }
                if (f[0].equals("CapEff:") && f.length > 1
                        && (Long.parseUnsignedLong(f[1], 16) & CAP_SYS_PTRACE) != 0) {
                    return true;
                }
            } catch (NumberFormatException ignored) {
                // a line in another format: no evidence either way
            }
        }
        return false;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
