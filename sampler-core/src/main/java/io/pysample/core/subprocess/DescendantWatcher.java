package io.pysample.core.subprocess;

import io.pysample.core.attach.AttachException;
import io.pysample.core.attach.NotPythonException;
import io.pysample.core.attach.PythonProcess;
import io.pysample.memory.MemoryAccessException;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.ProcessTable;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Finds a root process's descendants on a thread of its own: every {@link #SCAN_EVERY_MILLIS} ms a
 * {@link ProcessTable} scan, and an attach to each descendant not seen before, so that ELF parsing and {@code /proc}
 * reads never delay sampling. Attached processes wait in {@link #attached()} for the sampling thread. A descendant
 * that is not (yet) CPython 3.13+ is tried again in the next {@link #ATTEMPTS} scans (a fork that will {@code exec}
 * Python), then skipped silently; so are processes that vanish or may not be read. A process that {@code exec}s
 * after it was attached is attached again once its session reports it {@link #ended}.
 */
public final class DescendantWatcher implements AutoCloseable {
    public static final long SCAN_EVERY_MILLIS = 1000;
    /** Scans in which a descendant that is not Python is tried. */
    public static final int ATTEMPTS = 3;

    private final int root;
    private final MemoryBackend backend;
    private final Queue<PythonProcess> attached = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> ended = new ConcurrentLinkedQueue<>();
    /** Descendants being sampled or given up on, by pid, with their start time (a reused pid is a new process). */
    private final Map<Integer, Long> known = new HashMap<>();
    private final Map<Integer, Integer> failures = new HashMap<>();
    private final Set<Integer> live = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;

    /** Starts watching the descendants of {@code rootPid}; the first scan runs at once. */
    public DescendantWatcher(int rootPid, MemoryBackend backend) {
        this.root = rootPid;
        this.backend = backend;
        this.thread = new Thread(this::loop, "pysample-descendants");
        thread.setDaemon(true);
        thread.start();
    }

    /** Newly attached descendants; the sampling thread takes them (and owns them from then on). */
    public Queue<PythonProcess> attached() {
        return attached;
    }

    /** Tells the watcher that the session of {@code pid} ended (it may be attached again, e.g. after exec). */
    public void ended(int pid) {
        ended.add(pid);
    }

    private void loop() {
        while (!closed) {
            try {
                scanOnce();
            } catch (RuntimeException e) {
                // a scan that fails (e.g. /proc unreadable for a moment) is tried again next time
            }
            try {
                Thread.sleep(SCAN_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void scanOnce() {
        for (Integer pid; (pid = ended.poll()) != null;) {
            live.remove(pid);
            known.remove(pid);
        }
        ProcessTable table = ProcessTable.scan();
        for (int pid : table.descendantsOf(List.of(root))) {
            ProcessTable.Entry e = table.get(pid);
            if (e == null || closed) {
                continue;
            }
            Long start = known.get(pid);
            if (start != null && start == e.startTicks()) {
                continue;
            }
            if (live.contains(pid)) {
                continue; // its session has not ended yet: the pid cannot belong to another process
            }
            try {
                attached.add(PythonProcess.attach(pid, backend));
                known.put(pid, e.startTicks());
                live.add(pid);
                failures.remove(pid);
            } catch (AttachException | MemoryAccessException ex) {
                int n = failures.merge(pid, 1, Integer::sum);
                if (n >= ATTEMPTS || !(ex instanceof NotPythonException)) {
                    known.put(pid, e.startTicks());
                    failures.remove(pid);
                }
            } catch (RuntimeException ex) {
                known.put(pid, e.startTicks()); // anything else: skip it, never end the recording
            }
        }
    }

    /** Stops the scans; processes still queued are closed. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PythonProcess p; (p = attached.poll()) != null;) {
            p.close();
        }
    }
}
