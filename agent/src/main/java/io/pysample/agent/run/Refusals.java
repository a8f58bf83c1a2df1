package io.pysample.agent.run;

import io.pysample.export.Names;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/** Prints each refused process once (one stderr line with the reason), however many scans see it again. */
final class Refusals {
    private final PrintStream err;
    private final AgentCounters counters;
    private final Set<TargetKey> reported = new HashSet<>();

    Refusals(PrintStream err, AgentCounters counters) {
        this.err = err;
        this.counters = counters;
    }

    /** Reports {@code key} unless it was reported before. Discovery thread. */
    void report(TargetKey key, String commandLine, String reason) {
        if (reported.add(key)) {
            counters.refused.incrementAndGet();
            err.println("pysample agent: skipping pid " + key.pid() + " (" + Names.clean(shorten(commandLine))
                    + "): " + Names.clean(reason));
        }
    }

    /** A line about discovery itself (e.g. {@code /proc} unreadable for a moment). */
    void warn(String message) {
        err.println("pysample agent: " + Names.clean(message));
    }

    /** Forgets the processes not in {@code present} (they exited: a new process with the same pid is new). */
    void retainAll(Set<TargetKey> present) {
        reported.retainAll(present);
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
