package io.pysample.core.subprocess;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.NanoClock;
import io.pysample.core.sampling.ProgressListener;
import io.pysample.core.sampling.Sampler;
import io.pysample.core.sampling.StopReason;
import io.pysample.core.session.ProfileInterval;
import io.pysample.core.session.Recording;
import io.pysample.core.session.RecordingSession;
import io.pysample.core.session.SessionOptions;
import io.pysample.core.session.StopSignal;
import io.pysample.memory.MemoryBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Records a process and its descendants, including ones started later, from one sampling thread: a
 * {@link DescendantWatcher} attaches new descendants on its own thread, and the loop here always samples the
 * {@link RecordingSession} whose {@link RecordingSession#nextSampleAt()} is earliest. Each descendant's session has
 * the root's options but no duration of its own. The recording ends when the root's does (its duration, or
 * {@link #stop()}); when the root process exits first, it goes on until every descendant's session has ended.
 * {@link #cutInterval()} merges all sessions' profiles, each under a {@code [pid N: command]} root frame
 * ({@link ProfileMerger}).
 */
public final class ProcessTreeRecording implements Recording, AutoCloseable {
    /** The longest sleep: new descendants and {@link #stop()} are noticed at least this often. */
    private static final long MAX_PARK_NANOS = 50_000_000L;
    private static final long PROGRESS_EVERY = 250_000_000L;

    private final RecordingSession root;
    private final SessionOptions childOptions;
    private final Consumer<RecordingSession> prepare;
    private final DescendantWatcher watcher;
    private final List<RecordingSession> live = new ArrayList<>();
    private final List<ProfileInterval> finished = new ArrayList<>();
    private final StopSignal stopSignal = new StopSignal();
    private final NanoClock clock;
    private StopReason reason;
    private boolean rootLive = true;
    /** The whole recording ended: the root and every descendant. */
    private boolean done;
    private int processes = 1;
    private RuntimeException endedFault;

    /**
     * @param root the session of the root process (not closed here)
     * @param backend how descendants' memory is read
     * @param prepare called on the sampling thread for each descendant's new session before its first sample (e.g.
     *     to install a stack hook); a {@link RuntimeException} from it is ignored
     */
    public ProcessTreeRecording(RecordingSession root, MemoryBackend backend, Consumer<RecordingSession> prepare) {
        this.root = root;
        SessionOptions o = root.options();
        this.childOptions = new SessionOptions(o.rateHz(), null, o.mode(), o.intervals(), o.maxDepth(),
                o.recordLatency(), o.profile(), o.clock(), o.seed(), o.gcFrames());
        this.prepare = prepare;
        this.clock = o.clock();
        this.watcher = new DescendantWatcher(root.process().pid(), backend);
    }

    @Override
    public SessionOptions options() {
        return root.options();
    }

    @Override
    public PythonProcess process() {
        return root.process();
    }

    /** Processes sampled so far, the root included. Sampling thread. */
    public int processCount() {
        return processes;
    }

    /** Processes sampled now: the root while it lives and the descendants whose sessions go on. Sampling thread. */
    public int liveProcessCount() {
        return (rootLive ? 1 : 0) + live.size();
    }

    @Override
    public StopReason run(ProgressListener progress) {
        stopSignal.enter();
        long start = clock.nanoTime();
        long nextProgress = start + PROGRESS_EVERY;
        try {
            while (true) {
                adoptNew();
                long wait = nextSampleAt() - clock.nanoTime();
                if (wait > 0 && !stopSignal.requested() && !done) {
                    clock.park(Math.min(wait, MAX_PARK_NANOS));
                    continue;
                }
                if (!sampleOnce()) {
                    break;
                }
                long t = clock.nanoTime();
                if (t - nextProgress >= 0) {
                    nextProgress = t + PROGRESS_EVERY;
                    progress.progress(t - start, sum(Sampler::walks), sum(Sampler::stacksRead),
                            sum(Sampler::dropCount));
                }
            }
            return reason;
        } finally {
            stopSignal.leave();
            close();
        }
    }

    /**
     * When the earliest session's next sample is due; now once everything has ended. New descendants are adopted
     * by {@link #sampleOnce()}: a step-by-step driver should not sleep longer than {@value #MAX_PARK_NANOS} ns.
     */
    @Override
    public long nextSampleAt() {
        RecordingSession next = earliest();
        return next == null ? clock.nanoTime() : next.nextSampleAt();
    }

    /**
     * Adopts new descendants, then takes the sample of the session that is due first. A session that ended is
     * closed (its profile kept for the next cut) instead of sampled.
     *
     * @return false once the root has ended by its duration or {@link #stop()}, or by exiting and every
     *     descendant's session has ended too
     */
    @Override
    public boolean sampleOnce() {
        if (done) {
            return false;
        }
        adoptNew();
        if (stopSignal.requested()) {
            root.stop();
            live.forEach(RecordingSession::stop);
        }
        RecordingSession next = earliest();
        if (next == null) {
            done = true; // the root ended by exiting, and so have all descendants
            return false;
        }
        if (!next.sampleOnce()) {
            if (next == root) {
                rootLive = false;
                reason = root.stopReason();
                if (reason != StopReason.TARGET_EXITED) {
                    // Duration or stop(): everything ends now, in this step, so that no view sees the tree
                    // without its root but not yet ended.
                    for (RecordingSession s : new ArrayList<>(live)) {
                        end(s);
                    }
                }
            } else {
                end(next);
            }
            done = earliest() == null;
            return !done;
        }
        return true;
    }

    /** The root's stop reason once the whole recording has ended, else {@code null}. */
    @Override
    public StopReason stopReason() {
        return done ? reason : null;
    }

    private RecordingSession earliest() {
        RecordingSession next = rootLive ? root : null;
        for (RecordingSession s : live) {
            if (next == null || s.nextSampleAt() - next.nextSampleAt() < 0) {
                next = s;
            }
        }
        return next;
    }

    /**
     * Stops watching for descendants and ends every descendant's session (their profiles are kept for the next
     * {@link #cutInterval()}); the root's session is the caller's to close. Sampling thread.
     */
    @Override
    public void close() {
        watcher.close();
        for (RecordingSession s : new ArrayList<>(live)) {
            end(s);
        }
    }

    /** A sampler counter over the root and the live descendants (for the status line). */
    private long sum(ToLongFunction<Sampler> counter) {
        long n = counter.applyAsLong(root.sampler());
        for (RecordingSession s : live) {
            n += counter.applyAsLong(s.sampler());
        }
        return n;
    }

    private void adoptNew() {
        for (PythonProcess p; (p = watcher.attached().poll()) != null;) {
            RecordingSession s;
            try {
                s = RecordingSession.start(p, childOptions); // closes p if it fails
            } catch (RuntimeException e) {
                watcher.ended(p.pid());
                continue;
            }
            try {
                prepare.accept(s);
            } catch (RuntimeException e) {
                // e.g. an option this descendant's Python cannot do: sample it plainly
            }
            live.add(s);
            processes++;
        }
    }

    private void end(RecordingSession s) {
        live.remove(s);
        if (endedFault == null) {
            endedFault = s.firstFault();
        }
        try {
            finished.add(s.cutInterval());
        } finally {
            s.close();
            watcher.ended(s.process().pid());
        }
    }

    @Override
    public RuntimeException firstFault() {
        RuntimeException fault = root.firstFault() != null ? root.firstFault() : endedFault;
        for (int i = 0; fault == null && i < live.size(); i++) {
            fault = live.get(i).firstFault();
        }
        return fault;
    }

    @Override
    public void stop() {
        stopSignal.request();
    }

    /**
     * Everything sampled since the last cut, merged: the root's interval and those of all sessions that ended or
     * are live. Sampling thread, between samples (or after {@link #run} returned).
     */
    @Override
    public ProfileInterval cutInterval() {
        List<ProfileInterval> parts = new ArrayList<>();
        parts.add(root.cutInterval());
        parts.addAll(finished);
        finished.clear();
        for (RecordingSession s : live) {
            parts.add(s.cutInterval());
        }
        return ProfileMerger.merge(parts, root.options().profile());
    }
}
