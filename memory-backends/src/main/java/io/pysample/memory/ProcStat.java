package io.pysample.memory;

import java.nio.charset.StandardCharsets;

/**
 * The fields of a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} line that pysample uses
 * (proc(5)): the scheduler state letter (field 3), the parent pid (field 4) and the start time in clock ticks after
 * boot (field 22). The command name (field 2) is in parentheses and may itself contain {@code ')'} and spaces, so
 * fields are counted from the last {@code ')'}.
 *
 * @param state {@code R} running or runnable, {@code S} sleeping, {@code D} uninterruptible wait, {@code T}/{@code t}
 *     stopped, {@code Z} zombie, {@code I} idle, {@code '?'} if the line is malformed
 * @param ppid parent pid, or -1 if the line is malformed
 * @param startTicks start time in clock ticks, or -1 if the line is malformed
 */
public record ProcStat(char state, int ppid, long startTicks) {
    /** Parses one stat line; never throws (malformed fields come back as {@code '?'} / -1). */
    public static ProcStat parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        int at = stateAt(bytes, bytes.length);
        if (at < 0) {
            return new ProcStat('?', -1, -1);
        }
        String[] rest = new String(bytes, at, bytes.length - at, StandardCharsets.UTF_8).strip().split(" ");
        // rest[0] is field 3 (state): field N is rest[N - 3].
        int ppid = rest.length > 1 ? parseIntOr(rest[1]) : -1;
        long start = rest.length > 19 ? parseLongOr(rest[19]) : -1;
        return new ProcStat((char) (bytes[at] & 0xFF), ppid, start);
    }

    /**
     * The state letter of a stat line's first {@code length} bytes, or {@code '?'} if malformed. Allocation-free,
     * for reading every thread's state every sample.
     */
    public static char stateOf(byte[] stat, int length) {
        int at = stateAt(stat, length);
        return at < 0 ? '?' : (char) (stat[at] & 0xFF);
    }

    /** Index of the state letter: two bytes after the last {@code ')'}; -1 if there is none. */
    private static int stateAt(byte[] stat, int length) {
        for (int i = Math.min(length, stat.length) - 1; i >= 0; i--) {
            if (stat[i] == ')') {
                return i + 2 < length ? i + 2 : -1;
            }
        }
        return -1;
    }

    private static int parseIntOr(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLongOr(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
