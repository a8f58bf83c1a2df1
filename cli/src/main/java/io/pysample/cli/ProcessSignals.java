package io.pysample.cli;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends signals to processes ({@code kill(2)} through JNA: Java can send only SIGTERM and SIGKILL) and tells whether
 * a signal to pysample's process group reaches a process too.
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
     * Whether {@code pid} is in this process's process group, so that a signal sent to the group (a terminal's
     * Ctrl-C goes to its whole foreground group, {@code kill -INT -PGID}) reached it as well ({@code pgrp} in
     * {@code /proc/PID/stat}). False if either is unreadable.
     */
    static boolean inOwnProcessGroup(long pid) {
        long self = processGroup(ProcessHandle.current().pid());
        return self > 0 && self == processGroup(pid);
    }

    /** The process group of a process, or -1 if unreadable. */
    private static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // Fields after the parenthesised name: state ppid pgrp ...
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ")[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
