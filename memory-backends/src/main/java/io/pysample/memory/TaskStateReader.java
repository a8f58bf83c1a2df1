package io.pysample.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the kernel's task (thread) scheduler states ({@code /proc/<pid>/task/<tid>/stat}) cheaply enough to do it
 * every sample: each thread's file stays open (closed when the thread is gone) and is re-read with one positional
 * read. The kernel's {@code do_task_stat} costs several µs per thread (more after a sleep, with cold caches), which
 * was most of a default-mode sample, so {@link #state(long, long, long)} avoids it where it can: for a thread still at
 * the same place (same caller-supplied signature, e.g. the same innermost frame) it reuses a state read less than
 * {@code maxAgeNanos} ago; and for one that was asleep at its last read, it first reads the cheaper (a third, warm)
 * {@code /proc/<pid>/task/<tid>/schedstat}, whose third field counts the times the thread was switched onto a CPU
 * ({@code sched_info.pcount}): unchanged means it has not run since, so it still sleeps (or was woken and waits for
 * a CPU, which is then seen once it runs). Not thread-safe.
 */
public final class TaskStateReader implements AutoCloseable {
    private static final int MAX_OPEN = 4096;

    private final int pid;
    private final long maxAgeNanos;
    /** Open tasks by tid: open addressing on primitive keys (a boxed {@code Long} key would allocate per call). */
    private long[] keys = new long[64];
    private Task[] tasks = new Task[64];
    private int size;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1024);
    private final byte[] bytes = new byte[1024];
    private long reads;
    private long switchReads;

    /** One open task: its stat file and the last state read from it. */
    private static final class Task {
        final FileChannel stat;
        /** {@code schedstat}, opened when the thread is first seen asleep; null if unusable. */
        FileChannel schedstat;
        boolean schedstatTried;
        char state;
        long signature;
        long readAt;
        /** {@code sched_info.pcount} read just before {@link #state}; -1 if unknown. */
        long switches = -1;

        Task(FileChannel stat) {
            this.stat = stat;
        }
    }

    /** A reader that reads the file on every call ({@code maxAgeNanos} 0). */
    public TaskStateReader(int pid) {
        this(pid, 0);
    }

    /**
     * @param pid the process (host pid namespace: the ids {@code /proc} shows)
     * @param maxAgeNanos how long a state read for one signature may be reused by
     *     {@link #state(long, long, long)}; 0 to read every time
     */
    public TaskStateReader(int pid, long maxAgeNanos) {
        this.pid = pid;
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * The state letter of thread {@code tid} ({@code R} running/runnable, {@code S}, {@code D}, …), or {@code '?'}
     * if the thread is gone or unreadable. Always reads the file.
     */
    public char state(long tid) {
        Task t = task(tid);
        return t == null ? '?' : read(tid, t);
    }

    /**
     * Like {@link #state(long)}, but returns the last state read for {@code tid} without reading if it was read
     * with the same {@code signature} less than the reader's {@code maxAgeNanos} before {@code nowNanos}.
     *
     * @param signature where the thread is (any value that changes when the thread moved on, e.g. its innermost
     *     frame id and depth)
     * @param nowNanos {@link System#nanoTime()} now
     */
    public char state(long tid, long signature, long nowNanos) {
        Task t = task(tid);
        if (t == null) {
            return '?';
        }
        if (t.state != 0 && t.signature == signature && nowNanos - t.readAt < maxAgeNanos) {
            return t.state;
        }
        t.signature = signature;
        t.readAt = nowNanos;
        long before = -1;
        if (asleep(t.state) && t.switches >= 0) {
            before = switches(tid, t);
            if (before == t.switches) {
                return t.state; // not on a CPU since it was seen asleep
            }
        }
        char s = read(tid, t);
        if (asleep(s) && before < 0) {
            // The count must be taken before the state read, or a thread that ran in between and runs on
            // without a switch would be seen asleep for good: count, then read the state again.
            before = switches(tid, t);
            if (before >= 0) {
                s = read(tid, t);
            }
        }
        t.switches = asleep(s) ? before : -1;
        return s;
    }

    private static boolean asleep(char state) {
        return state == 'S' || state == 'D' || state == 'I';
    }

    /** Stat files read so far (for benchmarks and tests). */
    public long reads() {
        return reads;
    }

    /** Schedstat files read so far (for benchmarks and tests). */
    public long switchReads() {
        return switchReads;
    }

    private Task task(long tid) {
        int i = slot(tid);
        if (tasks[i] != null) {
            return tasks[i];
        }
        if (size >= MAX_OPEN) {
            closeAll();
        }
        Task t;
        try {
            t = new Task(FileChannel.open(Path.of("/proc", Integer.toString(pid), "task", Long.toString(tid),
                    "stat"), StandardOpenOption.READ));
        } catch (IOException e) {
            return null;
        }
        put(tid, t);
        return t;
    }

    /** The slot holding {@code tid}, or the empty slot where it would go. */
    private int slot(long tid) {
        int mask = keys.length - 1;
        int i = (int) (tid * 0x9E3779B97F4A7C15L >>> 40) & mask;
        while (tasks[i] != null && keys[i] != tid) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void put(long tid, Task t) {
        if (2 * (size + 1) > keys.length) {
            rehash(keys.length * 2, -1);
        }
        int i = slot(tid);
        keys[i] = tid;
        tasks[i] = t;
        size++;
    }

    /** Rebuilds the table with {@code capacity} slots, leaving out {@code except} (-1: none). */
    private void rehash(int capacity, long except) {
        long[] oldKeys = keys;
        Task[] oldTasks = tasks;
        keys = new long[capacity];
        tasks = new Task[capacity];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldTasks[i] != null && oldKeys[i] != except) {
                int j = slot(oldKeys[i]);
                keys[j] = oldKeys[i];
                tasks[j] = oldTasks[i];
                size++;
            }
        }
    }

    private char read(long tid, Task t) {
        reads++;
        try {
            buf.clear();
            int n = t.stat.read(buf, 0);
            if (n <= 0) {
                forget(tid);
                return '?';
            }
            buf.flip();
            buf.get(bytes, 0, n);
            t.state = ProcStat.stateOf(bytes, n);
            return t.state;
        } catch (IOException e) { // ESRCH: the thread has exited
            forget(tid);
            return '?';
        }
    }

    /**
     * The thread's switch count ({@code schedstat}'s third field), or -1 if unknown: gone, unreadable, or
     * {@code "0 0 0"} (a kernel without scheduler statistics).
     */
    private long switches(long tid, Task t) {
        if (t.schedstat == null) {
            if (t.schedstatTried) {
                return -1;
            }
            t.schedstatTried = true;
            try {
                t.schedstat = FileChannel.open(Path.of("/proc", Integer.toString(pid), "task", Long.toString(tid),
                        "schedstat"), StandardOpenOption.READ);
            } catch (IOException e) {
                return -1;
            }
        }
        switchReads++;
        try {
            buf.clear();
            int n = t.schedstat.read(buf, 0);
            buf.flip();
            buf.get(bytes, 0, Math.max(n, 0));
            long v = lastNumber(bytes, n);
            return v > 0 ? v : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The last decimal number of the first {@code n} bytes, or -1 if there is none. */
    static long lastNumber(byte[] b, int n) {
        int end = n;
        while (end > 0 && (b[end - 1] < '0' || b[end - 1] > '9')) {
            end--;
        }
        int start = end;
        while (start > 0 && b[start - 1] >= '0' && b[start - 1] <= '9') {
            start--;
        }
        if (start == end) {
            return -1;
        }
        long v = 0;
        for (int i = start; i < end; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private void forget(long tid) {
        Task t = tasks[slot(tid)];
        if (t != null) {
            closeQuietly(t);
            rehash(keys.length, tid); // rare (a thread exited): no tombstones needed
        }
    }

    private static void closeQuietly(Task t) {
        try {
            t.stat.close();
            if (t.schedstat != null) {
                t.schedstat.close();
            }
        } catch (IOException ignored) {
            // already gone
        }
    }

    private void closeAll() {
        for (Task t : tasks) {
            if (t != null) {
                closeQuietly(t);
            }
        }
        keys = new long[64];
        tasks = new Task[64];
        size = 0;
    }

    @Override
    public void close() {
        closeAll();
    }
}
