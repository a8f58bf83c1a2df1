package io.pysample.memory;

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
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return new ProcStat('?', -1, -1);
        }
        char state = line.charAt(close + 2);
        String[] rest = line.substring(close + 2).strip().split(" ");
        // rest[0] is field 3 (state): field N is rest[N - 3].
        int ppid = rest.length > 1 ? parseIntOr(rest[1]) : -1;
        long start = rest.length > 19 ? parseLongOr(rest[19]) : -1;
        return new ProcStat(state, ppid, start);
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
