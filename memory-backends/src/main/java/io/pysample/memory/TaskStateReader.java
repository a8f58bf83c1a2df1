package io.pysample.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the kernel's task (thread) scheduler states ({@code /proc/<pid>/task/<tid>/stat}) cheaply enough to do it
 * every sample: each thread's file stays open (closed when the thread is gone) and is re-read with one positional
 * read. {@link #state(long, long, long)} also skips the read for a thread that is still at the same place (same
 * caller-supplied signature, e.g. the same innermost frame) as at a read less than {@code maxAgeNanos} ago: the
 * kernel's {@code do_task_stat} costs several µs per thread, which at full rate was most of a sample. Not
 * thread-safe.
 */
public final class TaskStateReader implements AutoCloseable {
    private static final int MAX_OPEN = 4096;

    private final int pid;
    private final long maxAgeNanos;
    private final Map<Long, Task> open = new HashMap<>();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1024);
    private final byte[] bytes = new byte[1024];
    private long reads;

    /** One open task: its stat file and the last state read from it. */
    private static final class Task {
        final FileChannel stat;
        char state;
        long signature;
        long readAt;

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
        char s = read(tid, t);
        t.signature = signature;
        t.readAt = nowNanos;
        return s;
    }

    /** Stat files read so far (for benchmarks and tests). */
    public long reads() {
        return reads;
    }

    private Task task(long tid) {
        Task t = open.get(tid);
        if (t == null) {
            if (open.size() >= MAX_OPEN) {
                closeAll();
            }
            try {
                t = new Task(FileChannel.open(Path.of("/proc", Integer.toString(pid), "task", Long.toString(tid),
                        "stat"), StandardOpenOption.READ));
            } catch (IOException e) {
                return null;
            }
            open.put(tid, t);
        }
        return t;
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

    private void forget(long tid) {
        Task t = open.remove(tid);
        if (t != null) {
            try {
                t.stat.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private void closeAll() {
        for (Iterator<Task> it = open.values().iterator(); it.hasNext();) {
            try {
                it.next().stat.close();
            } catch (IOException ignored) {
                // already gone
            }
            it.remove();
        }
    }

    @Override
    public void close() {
        closeAll();
    }
}
