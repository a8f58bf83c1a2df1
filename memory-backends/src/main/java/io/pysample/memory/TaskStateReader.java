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
 * every sample: each thread's file stays open and is re-read with one positional read. Not thread-safe.
 */
public final class TaskStateReader implements AutoCloseable {
    private static final int MAX_OPEN = 4096;

    private final int pid;
    private final Map<Long, FileChannel> open = new HashMap<>();
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1024);
    private final byte[] bytes = new byte[1024];

    public TaskStateReader(int pid) {
        this.pid = pid;
    }

    /**
     * The state letter of thread {@code tid} ({@code R} running/runnable, {@code S}, {@code D}, …), or {@code '?'}
     * if the thread is gone or unreadable.
     */
    public char state(long tid) {
        FileChannel ch = open.get(tid);
        if (ch == null) {
            if (open.size() >= MAX_OPEN) {
                closeAll();
            }
            try {
                ch = FileChannel.open(Path.of("/proc", Integer.toString(pid), "task", Long.toString(tid), "stat"),
                        StandardOpenOption.READ);
            } catch (IOException e) {
                return '?';
            }
            open.put(tid, ch);
        }
        try {
            buf.clear();
            int n = ch.read(buf, 0);
            if (n <= 0) {
                forget(tid);
                return '?';
            }
            buf.flip();
            buf.get(bytes, 0, n);
            return ProcStat.stateOf(bytes, n);
        } catch (IOException e) { // ESRCH: the thread has exited
            forget(tid);
            return '?';
        }
    }

    private void forget(long tid) {
        FileChannel ch = open.remove(tid);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    private void closeAll() {
        for (Iterator<FileChannel> it = open.values().iterator(); it.hasNext();) {
            try {
                it.next().close();
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
