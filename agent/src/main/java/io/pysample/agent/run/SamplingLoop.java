package io.pysample.agent.run;

import io.pysample.core.session.ProfileInterval;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The agent's one sampling thread for every target: a priority queue by each session's next sample time; it parks
 * until the earliest is due, a wall-clock interval boundary comes ({@link IntervalBoundaries}) or discovery hands
 * over a new target. At each boundary every session's interval is cut and handed to {@code out} (which must not
 * block). A target that exits (or exec's) has its last interval cut and is dropped, and discovery may attach to it
 * again if it is still there; a session whose frame table outgrew the bound is closed and handed back to discovery
 * to be attached afresh.
 */
final class SamplingLoop implements Runnable {
    private static final long MAX_PARK_NANOS = 100_000_000L;

    private final SessionOptions options;
    private final long intervalMillis;
    private final int maxFrames;
    private final Map<String, String> tags;
    private final String service;
    private final Consumer<CutInterval> out;
    private final Consumer<TargetKey> reattach;
    private final AgentCounters counters;
    private final PrintStream err;
    private final Queue<Attached> inbox = new ConcurrentLinkedQueue<>();
    private final List<Target> targets = new ArrayList<>();
    private final PriorityQueue<Target> due =
            new PriorityQueue<>(Comparator.comparingLong(t -> t.session.nextSampleAt()));
    private final Thread thread;
    private volatile boolean stopping;

    SamplingLoop(SessionOptions options, long intervalMillis, int maxFrames, String service, Map<String, String> tags,
            Consumer<CutInterval> out, Consumer<TargetKey> reattach, AgentCounters counters, PrintStream err) {
        this.options = options;
        this.intervalMillis = intervalMillis;
        this.maxFrames = maxFrames;
        this.service = service;
        this.tags = tags;
        this.out = out;
        this.reattach = reattach;
        this.counters = counters;
        this.err = err;
        this.thread = new Thread(this, "pysample-sampler");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands a newly attached process over (any thread). */
    void add(Attached a) {
        inbox.add(a);
        LockSupport.unpark(thread);
    }

    /** Cuts every session's interval in progress, closes them and ends the thread; waits for it. */
    void stop() throws InterruptedException {
        stopping = true;
        LockSupport.unpark(thread);
        thread.join();
    }

    @Override
    public void run() {
        long boundary = IntervalBoundaries.nextAfter(System.currentTimeMillis(), intervalMillis);
        try {
            while (!stopping) {
                adoptNew();
                long nowMillis = System.currentTimeMillis();
                if (boundary - nowMillis > intervalMillis) { // the wall clock was set back
                    boundary = IntervalBoundaries.nextAfter(nowMillis, intervalMillis);
                }
                if (nowMillis >= boundary) {
                    cutAll(boundary * 1_000_000L);
                    boundary = IntervalBoundaries.nextAfter(nowMillis, intervalMillis);
                    continue;
                }
                Target t = due.peek();
                long now = System.nanoTime();
                if (t != null && t.session.nextSampleAt() - now <= 0) {
                    due.poll();
                    if (sample(t)) {
                        due.add(t);
                    } else {
                        finish(t, System.currentTimeMillis() * 1_000_000L);
                        reattach.accept(t.key); // it may have exec'd into another Python; gone otherwise
                    }
                    continue;
                }
                long wait = Math.min(MAX_PARK_NANOS, (boundary - nowMillis) * 1_000_000L);
                if (t != null) {
                    wait = Math.min(wait, t.session.nextSampleAt() - now);
                }
                LockSupport.parkNanos(Math.max(1, wait));
            }
        } finally {
            adoptNew();
            long end = System.currentTimeMillis() * 1_000_000L;
            for (Target t : new ArrayList<>(targets)) {
                finish(t, end);
            }
        }
    }

    /** One sample; false once the session has ended. A failure ends this target only, never the thread. */
    private boolean sample(Target t) {
        try {
            return t.session.sampleOnce();
        } catch (RuntimeException e) {
            err.println("pysample agent: sampling pid " + t.key.pid() + " failed, detaching: " + e);
            return false;
        }
    }

    private void adoptNew() {
        Attached a;
        while ((a = inbox.poll()) != null) {
            RecordingSession session;
            try {
                session = RecordingSession.start(a.process(), options);
            } catch (RuntimeException e) { // start() closed the process
                err.println("pysample agent: cannot sample pid " + a.key().pid() + ": " + e.getMessage());
                reattach.accept(a.key());
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(tags);
            if (a.entry().inOtherPidNamespace()) {
                labels.put("namespace_pid", Integer.toString(a.entry().namespacePid()));
            }
            // The command line read when attaching, not the scan's: a launcher may have exec'd Python in between.
            String name = service != null ? service : ServiceNames.derive(a.process().commandLine());
            Target t = new Target(a.key(), session, name, labels, System.currentTimeMillis() * 1_000_000L);
            targets.add(t);
            due.add(t);
            counters.targets.incrementAndGet();
        }
    }

    /** Cuts every session at the boundary {@code endNanos}; drops the sessions whose frame table is too large. */
    private void cutAll(long endNanos) {
        for (Iterator<Target> it = targets.iterator(); it.hasNext();) {
            Target t = it.next();
            ProfileInterval pi = cut(t, endNanos);
            if (pi.profile().frames().size() > maxFrames) {
                err.println("pysample agent: pid " + t.key.pid() + " has " + pi.profile().frames().size()
                        + " distinct frames (more than " + maxFrames + "): attaching afresh");
                it.remove();
                due.remove(t);
                close(t);
                reattach.accept(t.key);
            }
        }
    }

    /** The target's last interval; it is dropped (its process exited, or the agent stops). */
    private void finish(Target t, long endNanos) {
        cut(t, endNanos);
        targets.remove(t);
        due.remove(t);
        close(t);
    }

    private ProfileInterval cut(Target t, long endNanos) {
        ProfileInterval pi = t.session.cutInterval();
        long start = t.intervalStartNanos;
        long end = Math.max(start, endNanos);
        t.intervalStartNanos = end;
        long samples = pi.profile().totalCount();
        counters.samples.addAndGet(samples);
        if (samples > 0) { // an interval without samples is not stored
            out.accept(new CutInterval(t.service, t.labels, pi, start, end));
        }
        return pi;
    }

    private void close(Target t) {
        counters.targets.decrementAndGet();
        t.session.close();
    }
}
