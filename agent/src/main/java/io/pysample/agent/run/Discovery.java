package io.pysample.agent.run;

import io.pysample.core.attach.AttachException;
import io.pysample.core.attach.NotPythonException;
import io.pysample.core.attach.PythonProcess;
import io.pysample.core.attach.UnsupportedPythonException;
import io.pysample.memory.MemoryBackend;
import io.pysample.memory.PermissionDeniedException;
import io.pysample.memory.ProcessGoneException;
import io.pysample.memory.ProcessTable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Finds the agent's targets on its own thread, so that a slow attach never delays sampling: every period it scans
 * {@code /proc} ({@link ProcessTable}), attaches to each selected process it has not seen yet (by
 * {@link TargetKey}: a restarted service's new pid, or a reused pid, is new) and hands it to the sampling thread.
 * A process it cannot profile is reported once ({@link Refusals}) and tried again only when its command line has
 * changed (it {@code exec}'d: a shell or launcher that became Python keeps its pid and start time).
 */
final class Discovery implements Runnable {
    /** Under {@code --all}, a permission refusal is only worth a line for a process that looks like Python. */
    private static final Pattern LOOKS_PYTHON = Pattern.compile("(^|/)python[0-9.]*[a-z]?( |$)");

    private final TargetSelection selection;
    private final MemoryBackend memory;
    private final long periodNanos;
    private final Consumer<Attached> sink;
    private final Refusals refusals;
    private final long selfPid = ProcessHandle.current().pid();
    /**
     * The agent's ancestors (e.g. the launcher script, whose command line repeats {@code --match REGEX}): profiled
     * if they are Python, but not reported when they are not.
     */
    private final Set<Long> ancestors = ancestors();
    /** Tried, still present, with the command line of the last attempt. */
    private final Map<TargetKey, String> seen = new ConcurrentHashMap<>();
    /** Sampled now (never attached twice, even if it changes its command line, e.g. setproctitle). */
    private final Set<TargetKey> active = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stopping;

    Discovery(TargetSelection selection, MemoryBackend memory, long periodNanos, Consumer<Attached> sink,
            Refusals refusals) {
        this.selection = selection;
        this.memory = memory;
        this.periodNanos = periodNanos;
        this.sink = sink;
        this.refusals = refusals;
        this.thread = new Thread(this, "pysample-discovery");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Its session ended: the next scan attaches to {@code key} again if the process is still there. */
    void forget(TargetKey key) {
        active.remove(key);
        seen.remove(key);
    }

    /** Stops scanning and waits for an attach in progress. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join();
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                scan();
            } catch (RuntimeException e) { // e.g. /proc unreadable for a moment: the next scan tries again
                refusals.warn("discovery failed: " + e.getMessage());
            }
            try {
                TimeUnit.NANOSECONDS.sleep(periodNanos);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One scan: attach to the new targets. */
    void scan() {
        ProcessTable table = ProcessTable.scan();
        Set<TargetKey> present = new HashSet<>();
        for (ProcessTable.Entry e : table.entries()) {
            present.add(new TargetKey(e.pid(), e.startTicks()));
        }
        for (TargetSelection.Candidate c : selection.select(table, selfPid)) {
            if (stopping) {
                return;
            }
            TargetKey key = new TargetKey(c.entry().pid(), c.entry().startTicks());
            if (active.contains(key)) {
                continue;
            }
            String before = seen.put(key, c.entry().commandLine());
            if (before == null || !before.equals(c.entry().commandLine())) {
                attach(key, c);
            }
        }
        for (int pid : selection.pids()) {
            if (table.get(pid) == null) {
                refusals.report(new TargetKey(pid, -1), "?", "no such process");
                present.add(new TargetKey(pid, -1));
            }
        }
        seen.keySet().retainAll(present);
        active.retainAll(present);
        refusals.retainAll(present);
    }

    private static Set<Long> ancestors() {
        Set<Long> out = new HashSet<>();
        for (var p = ProcessHandle.current().parent(); p.isPresent(); p = p.get().parent()) {
            out.add(p.get().pid());
        }
        return out;
    }

    private void attach(TargetKey key, TargetSelection.Candidate c) {
        String cmd = c.entry().commandLine();
        boolean looksPython = LOOKS_PYTHON.matcher(cmd).find();
        try {
            PythonProcess p = PythonProcess.attach(key.pid(), memory);
            if (stopping) {
                p.close();
                return;
            }
            active.add(key);
            sink.accept(new Attached(key, c.entry(), p));
        } catch (ProcessGoneException e) {
            // exited between the scan and the attach: nothing to report
        } catch (UnsupportedPythonException e) {
            refusals.report(key, cmd, "unsupported Python: " + e.getMessage());
        } catch (NotPythonException e) {
            if (c.explicit() && !ancestors.contains((long) key.pid())) {
                refusals.report(key, cmd, "not a CPython 3.13+ process: " + e.getMessage());
            }
        } catch (PermissionDeniedException e) {
            if (c.explicit() || looksPython) {
                refusals.report(key, cmd, "permission denied: " + e.getMessage());
            }
        } catch (AttachException | io.pysample.memory.MemoryAccessException e) {
            if (c.explicit() || looksPython) {
                refusals.report(key, cmd, "cannot attach: " + e.getMessage());
            }
        }
    }
}
