package io.pysample.core.sampling;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.walk.DropReason;
import io.pysample.core.walk.PythonStackWalker;
import io.pysample.core.walk.StackSink;
import io.pysample.core.walk.ThreadView;
import io.pysample.memory.MemoryAccessException;
import io.pysample.memory.ProcessGoneException;
import io.pysample.memory.TaskStateReader;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The sampling loop: walks the target on a schedule and feeds a {@link Profile} until the duration elapses, it is
 * stopped, or the target exits. Runs on the calling thread; {@link #stop()} may be called from any thread.
 *
 * <p>Deadlines are absolute ({@code start + sum of intervals}), so the rate does not drift; when sampling falls
 * behind by more than one interval (a slow walk, a descheduled JVM) the schedule restarts from now instead of
 * bursting. Failed walks are counted, never thrown; only the target's exit ends the loop early.
 */
public final class Sampler {
    private static final long PROGRESS_EVERY = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long ALIVE_CHECK_EVERY = TimeUnit.MILLISECONDS.toNanos(100);

    private final PythonProcess target;
    private final SamplerConfig config;
    private final Profile profile;
    private final PythonStackWalker walker;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final SplittableRandom random = new SplittableRandom();
    private final Map<DropReason, Long> otherErrors = new EnumMap<>(DropReason.class);
    /** Created once: a method reference per sample would be an allocation per sample. */
    private final StackSink sink = this::record;

    private TaskStateReader states;
    private long now;
    private long start;

    public Sampler(PythonProcess target, SamplerConfig config, Profile profile) {
        this.target = target;
        this.config = config;
        this.profile = profile;
        this.walker = new PythonStackWalker(target.memory(), target.runtimeAddress(), target.offsets(),
                profile.frames(), config.maxDepth());
    }

    /** Asks the loop to finish after the current sample. */
    public void stop() {
        stopped.set(true);
    }

    public boolean isStopped() {
        return stopped.get();
    }

    /** Samples until done; see the class comment. */
    public SamplingResult run(ProgressListener progress) {
        Histogram latency = config.recordLatency() ? new Histogram(TimeUnit.SECONDS.toMicros(10), 3) : null;
        long meanInterval = config.rateHz() > 0 ? Math.max(1, (long) (1e9 / config.rateHz())) : 0;
        long end = config.duration() == null ? Long.MAX_VALUE : config.duration().toNanos();
        long walks = 0;
        StopReason reason = StopReason.STOPPED;
        states = new TaskStateReader(target.pid());
        try {
            start = System.nanoTime();
            long deadline = start;
            long nextProgress = start + PROGRESS_EVERY;
            long nextAliveCheck = start + ALIVE_CHECK_EVERY;
            long last = start;
            while (true) {
                if (stopped.get()) {
                    reason = StopReason.STOPPED;
                    break;
                }
                now = System.nanoTime();
                if (now - start >= end) {
                    reason = StopReason.DURATION;
                    break;
                }
                if (meanInterval > 0 && deadline > now) {
                    LockSupport.parkNanos(Math.min(deadline - now, Math.max(1, end - (now - start))));
                    continue; // re-check stop and duration after waking
                }
                if (now >= nextAliveCheck) {
                    nextAliveCheck = now + ALIVE_CHECK_EVERY;
                    if (!target.isStillPython()) {
                        reason = StopReason.TARGET_EXITED;
                        break;
                    }
                }
                try {
                    walker.sample(sink);
                } catch (ProcessGoneException e) {
                    reason = StopReason.TARGET_EXITED;
                    break;
                } catch (MemoryAccessException e) {
                    otherErrors.merge(DropReason.BAD_THREAD_STATE, 1L, Long::sum);
                } catch (RuntimeException e) {
                    otherErrors.merge(DropReason.INTERNAL_FAULT, 1L, Long::sum); // never end a recording on a fault
                }
                walks++;
                last = System.nanoTime();
                if (latency != null) {
                    latency.recordValue(Math.min(latency.getHighestTrackableValue(), (last - now) / 1000));
                }
                if (meanInterval > 0) {
                    deadline += config.randomIntervals() ? exponential(meanInterval) : meanInterval;
                    if (last - deadline > meanInterval) {
                        deadline = last; // fell behind: restart the schedule rather than burst
                    }
                }
                if (last >= nextProgress) {
                    nextProgress = last + PROGRESS_EVERY;
                    progress.progress(last - start, walks, walker.stats().threadStacks(), errorCount());
                }
            }
            Map<DropReason, Long> errors = new EnumMap<>(walker.stats().snapshot());
            otherErrors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            return new SamplingResult(walks, profile.totalCount(), errors, last - start, reason, latency);
        } finally {
            states.close();
        }
    }

    private long errorCount() {
        long n = walker.stats().totalErrors();
        for (long v : otherErrors.values()) {
            n += v;
        }
        return n;
    }

    /** An exponentially distributed interval with the given mean, capped at ten means. */
    private long exponential(long mean) {
        double u = random.nextDouble();
        return Math.max(1, Math.min(10 * mean, (long) (-Math.log(1.0 - u) * mean)));
    }

    /** The sink: applies the sampling mode and adds the stack to the profile. */
    private void record(ThreadView t) {
        if (t.depth() == 0) {
            return;
        }
        switch (config.mode()) {
            case GIL:
                if (!t.has(ThreadView.HOLDS_GIL)) {
                    return;
                }
                break;
            case ACTIVE:
                // Attached threads run Python code; others may still run C code (the kernel knows).
                if (!t.has(ThreadView.ATTACHED) && states.state(t.nativeThreadId()) != 'R') {
                    return;
                }
                break;
            default:
                break;
        }
        int thread = profile.threadIndex(t.nativeThreadId());
        if (thread < 0) {
            thread = profile.addThread(t.nativeThreadId(), t.threadId(), threadName(t), t.has(ThreadView.MAIN_THREAD));
        }
        profile.add(thread, t.frames(), t.depth(), t.truncated(), now - start);
    }

    private String threadName(ThreadView t) {
        String name = target.info().threadName(t.nativeThreadId());
        return name == null || name.isEmpty() ? "thread" : name;
    }

    /** The walker's counters, for progress reports and benchmarks. */
    public PythonStackWalker walker() {
        return walker;
    }
}
