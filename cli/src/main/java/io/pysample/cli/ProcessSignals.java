package io.pysample.cli;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends signals to processes ({@code kill(2)} through JNA: Java can send only SIGTERM and SIGKILL) and tells whether
 * a terminal's Ctrl-C reaches a process too (it goes to the terminal's whole foreground process group).
 */
final class ProcessSignals {
    static final int SIGINT = 2;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;

    private static final boolean LOADED;

    static {
        boolean ok;
        try {
            Native.register(ProcessSignals.class, Platform.C_LIBRARY_NAME);
            ok = true;
        } catch (Throwable t) { // no JNA stub for this platform: fall back to ProcessHandle
            ok = false;
        }
        LOADED = ok;
    }

    private ProcessSignals() {
    }

    private static native int kill(int pid, int sig);

    /** Sends {@code signal} to {@code process}; SIGINT needs the native call, the others fall back to Java's. */
    static void send(ProcessHandle process, int signal) {
        if (LOADED) {
            kill(Math.toIntExact(process.pid()), signal);
        } else if (signal == SIGKILL) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }

    /** The number of a signal name ({@code INT}, {@code TERM}, {@code HUP}), as on Linux x86-64. */
    static int number(String name) {
        switch (name) {
            case "HUP":
                return 1;
            case "INT":
                return SIGINT;
            case "TERM":
                return SIGTERM;
            default:
                throw new IllegalArgumentException("signal " + name);
        }
    }

    /**
     * Whether {@code pid} is in the foreground process group of this process's controlling terminal, so that a
     * Ctrl-C typed there delivered SIGINT to it as well ({@code /proc/PID/stat}: {@code pgrp} and {@code tpgid}).
     */
    static boolean inTerminalForeground(long pid) {
        long[] self = pgrpAndTpgid(ProcessHandle.current().pid());
        long[] other = pgrpAndTpgid(pid);
        return self != null && other != null && self[1] > 0 && self[0] == self[1] && other[0] == self[1];
    }

    /** {@code pgrp} and {@code tpgid} of a process, or null if unreadable. */
    private static long[] pgrpAndTpgid(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // Fields after the parenthesised name: state ppid pgrp session tty_nr tpgid ...
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return new long[] {Long.parseLong(f[2]), Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
