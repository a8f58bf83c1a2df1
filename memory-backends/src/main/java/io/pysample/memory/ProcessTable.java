package io.pysample.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host's processes as {@code /proc} lists them, for discovery of targets: one {@link Entry} per process that
 * existed and could be read at the time of the scan. Kernel threads (no command line) are left out. A process
 * that exits mid-scan is simply missing; nothing here throws for a vanished or unreadable process.
 */
public final class ProcessTable {
    private static final Path PROC = Path.of("/proc");

    private final List<Entry> entries;

    private ProcessTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * One process.
     *
     * @param pid the host pid (the pid in the scanner's PID namespace)
     * @param ppid the parent's pid (0 for the namespace's init)
     * @param uid real uid of the owner ({@code Uid:} in {@code status}), or -1 if unknown
     * @param startTicks start time after boot in clock ticks ({@code stat} field 22): with the pid, it names a
     *     process uniquely, so a reused pid is not mistaken for the process that had it before
     * @param commandLine arguments joined by spaces
     * @param namespacePids the pid in each nested PID namespace, outermost first ({@code NSpid:} in {@code status});
     *     {@code [pid]} when the process is in the scanner's namespace
     */
    public record Entry(int pid, int ppid, int uid, long startTicks, String commandLine, int[] namespacePids) {
        /** The pid as the process itself sees it (its innermost PID namespace). */
        public int namespacePid() {
            return namespacePids.length == 0 ? pid : namespacePids[namespacePids.length - 1];
        }

        /** Whether the process lives in a PID namespace nested below the scanner's (a container). */
        public boolean inOtherPidNamespace() {
            return namespacePids.length > 1;
        }
    }

    /** Reads every process of {@code /proc} now. */
    public static ProcessTable scan() {
        List<Entry> list = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path d : dirs) {
                int pid = parsePid(d.getFileName().toString());
                if (pid > 0) {
                    Entry e = read(pid);
                    if (e != null) {
                        list.add(e);
                    }
                }
            }
        } catch (IOException e) {
            throw new MemoryAccessException("cannot list /proc: " + e.getMessage(), e);
        }
        list.sort((a, b) -> Integer.compare(a.pid(), b.pid()));
        return new ProcessTable(list);
    }

    /** The entry of one process, or {@code null} if it is gone, a kernel thread, or its {@code stat} is unreadable. */
    public static Entry read(int pid) {
        Path dir = PROC.resolve(Integer.toString(pid));
        try {
            ProcStat stat = ProcStat.parse(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8));
            String cmd = commandLine(Files.readAllBytes(dir.resolve("cmdline")));
            if (cmd.isEmpty()) {
                return null;
            }
            int uid = -1;
            int[] nsPids = {pid};
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    uid = Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
                } else if (line.startsWith("NSpid:")) {
                    nsPids = parseInts(line.substring(6));
                }
            }
            return new Entry(pid, stat.ppid(), uid, stat.startTicks(), cmd, nsPids);
        } catch (IOException | RuntimeException e) {
            return null; // exited mid-read, or a line in a format this kernel does not have
        }
    }

    /** Every process, ascending by pid. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entry for {@code pid}, or {@code null}. */
    public Entry get(int pid) {
        for (Entry e : entries) {
            if (e.pid() == pid) {
                return e;
            }
        }
        return null;
    }

    /** The pids of every descendant of the {@code roots} (children, their children, ...), not the roots themselves. */
    public Set<Integer> descendantsOf(Collection<Integer> roots) {
        Map<Integer, List<Integer>> children = new HashMap<>();
        for (Entry e : entries) {
            children.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e.pid());
        }
        Set<Integer> found = new LinkedHashSet<>();
        Deque<Integer> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            for (int child : children.getOrDefault(todo.pop(), List.of())) {
                if (found.add(child)) {
                    todo.push(child);
                }
            }
        }
        found.removeAll(roots);
        return found;
    }

    static String commandLine(byte[] raw) {
        int len = raw.length;
        while (len > 0 && raw[len - 1] == 0) {
            len--;
        }
        return new String(raw, 0, len, StandardCharsets.UTF_8).replace('\0', ' ');
    }

    private static int[] parseInts(String s) {
        String[] parts = s.strip().split("\\s+");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }

    private static int parsePid(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(name);
    }
}
