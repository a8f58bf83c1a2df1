package io.pysample.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Facts about a process from {@code /proc}: memory maps, threads (tasks) with their names and scheduler states,
 * executable, command line and owner. Every method reads {@code /proc} afresh.
 */
public final class ProcessInfo {
    private final int pid;
    private final Path dir;

    public ProcessInfo(int pid) {
        this.pid = pid;
        this.dir = Path.of("/proc", Integer.toString(pid));
    }

    public int pid() {
        return pid;
    }

    /** Whether a process (possibly a zombie) with this pid exists. */
    public static boolean exists(int pid) {
        return pid > 0 && Files.isDirectory(Path.of("/proc", Integer.toString(pid)));
    }

    /** Whether the process exists and has not exited (is not a zombie). */
    public boolean isAlive() {
        try {
            char state = stateOf(Files.readAllBytes(dir.resolve("stat")));
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The memory maps, in ascending address order.
     *
     * @throws ProcessGoneException if there is no such process
     * @throws PermissionDeniedException if the maps may not be read (needs ptrace read access)
     */
    public List<MemoryMapping> maps() {
        List<String> lines = readLines("maps", "reading the memory maps");
        List<MemoryMapping> result = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isEmpty()) {
                result.add(MemoryMapping.parse(line));
            }
        }
        return result;
    }

    /** Native thread ids (Linux TIDs) of the process's threads, ascending. Empty if the process is gone. */
    public int[] threadIds() {
        List<Integer> tids = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
            for (Path t : tasks) {
                try {
                    tids.add(Integer.parseInt(t.getFileName().toString()));
                } catch (NumberFormatException ignored) {
                    // not a task directory
                }
            }
        } catch (IOException e) {
            return new int[0];
        }
        return tids.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * The kernel's name of thread {@code tid} ({@code /proc/<pid>/task/<tid>/comm}, at most 15 bytes), or
     * {@code null} if the thread is gone.
     */
    public String threadName(long tid) {
        try {
            return Files.readString(dir.resolve("task").resolve(Long.toString(tid)).resolve("comm"),
                    StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The scheduler state letter of thread {@code tid} from {@code /proc/<pid>/task/<tid>/stat}: {@code R} running
     * or runnable, {@code S} sleeping, {@code D} in uninterruptible wait, {@code T}/{@code t} stopped, {@code Z}
     * zombie, {@code I} idle; {@code '?'} if the thread is gone.
     */
    public char threadState(long tid) {
        try {
            return stateOf(Files.readAllBytes(dir.resolve("task").resolve(Long.toString(tid)).resolve("stat")));
        } catch (IOException e) {
            return '?';
        }
    }

    private static char stateOf(byte[] stat) {
        return ProcStat.stateOf(stat, stat.length);
    }

    /**
     * The executable's path ({@code /proc/<pid>/exe}); may end in {@code " (deleted)"}.
     *
     * @throws ProcessGoneException if there is no such process
     * @throws PermissionDeniedException if the link may not be read
     */
    public String exe() {
        try {
            return Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (NoSuchFileException e) {
            throw gone();
        } catch (AccessDeniedException e) {
            throw new PermissionDeniedException(pid, "reading the executable path");
        } catch (IOException e) {
            if (!exists(pid)) {
                throw gone();
            }
            throw new PermissionDeniedException(pid, "reading the executable path");
        }
    }

    /** A path under which the executable's bytes can be opened even if the file was deleted. */
    public Path exeLink() {
        return dir.resolve("exe");
    }

    /** The command line, arguments joined by spaces; empty for kernel threads. */
    public String commandLine() {
        try {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            int len = raw.length;
            while (len > 0 && raw[len - 1] == 0) {
                len--;
            }
            String s = new String(raw, 0, len, StandardCharsets.UTF_8);
            return s.replace('\0', ' ');
        } catch (NoSuchFileException e) {
            throw gone();
        } catch (IOException e) {
            return "";
        }
    }

    /** The real uid of the process owner ({@code Uid:} in {@code /proc/<pid>/status}), or -1 if unknown. */
    public int uid() {
        for (String line : readLines("status", "reading the status")) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).strip().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private List<String> readLines(String file, String what) {
        try {
            return Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw gone();
        } catch (AccessDeniedException e) {
            throw new PermissionDeniedException(pid, what);
        } catch (IOException e) {
            if (!exists(pid)) {
                throw gone();
            }
            throw new MemoryAccessException("cannot read " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    private ProcessGoneException gone() {
        return new ProcessGoneException(pid);
    }
}
