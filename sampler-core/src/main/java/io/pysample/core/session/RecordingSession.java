package io.pysample.core.session;

import io.pysample.core.attach.PythonProcess;
import io.pysample.core.sampling.NanoClock;
import io.pysample.core.sampling.Profile;
import io.pysample.core.sampling.ProgressListener;
import io.pysample.core.sampling.RecordingInfo;
import io.pysample.core.sampling.Sampler;
import io.pysample.core.sampling.SamplingResult;
import io.pysample.core.sampling.SamplingSchedule;
import io.pysample.core.sampling.StopReason;
import io.pysample.core.walk.DropReason;
import io.pysample.core.walk.FrameTable;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One recording of one attached process: sampler, schedule, current profile, metadata and stop conditions
 * (duration, {@link #stop()}, the target's exit or {@code exec}). No static state: many sessions may be driven
 * from one thread.
 *
 * <p>Two ways to drive it, both from one thread at a time (the <em>sampling thread</em>): {@link #run} blocks and
 * samples on the schedule until a stop condition; or an external scheduler calls {@link #sampleOnce()} when
 * {@link #nextSampleAt()} has come. On that thread, {@link #cutInterval()} hands over the profile collected so far
 * with its metadata and continues into a fresh one. Steady-state samples allocate nothing; a cut allocates the
 * next profile. {@link #stop()} may be called from any thread.
 */
public final class RecordingSession implements Recording, AutoCloseable {
    private static final long PROGRESS_EVERY = TimeUnit.MILLISECONDS.toNanos(250);
    /** How often the target is checked for having exited or exec'd another program. */
    private static final long ALIVE_CHECK_EVERY = TimeUnit.MILLISECONDS.toNanos(100);

    private final PythonProcess process;
    private final SessionOptions options;
    private final NanoClock clock;
    private final FrameTable frames = new FrameTable();
    private final Sampler sampler;
    private final SamplingSchedule schedule;
    private final long durationNanos;
    private final StopSignal stopSignal = new StopSignal();
    private final long startNanos;

    private StopReason reason;
    private long endNanos;
    private long nextAliveCheck;
    private long intervalStartNanos;
    private long intervalStartMillis;
    private long walksAtCut;
    private long stacksReadAtCut;
    private long incompleteAtCut;
    private Map<DropReason, Long> dropsAtCut = new EnumMap<>(DropReason.class);
    private Histogram latency;
    /** Wall time spent in samples since the last cut. */
    private long busyNanos;

    private RecordingSession(PythonProcess process, SessionOptions options) {
        this.process = process;
        this.options = options;
        this.clock = options.clock();
        this.sampler = new Sampler(process, options.mode(), options.maxDepth(), new Profile(frames, options.profile()),
                options.gcFrames());
        this.schedule = new SamplingSchedule(options.rateHz(), options.intervals(), options.seed());
        this.durationNanos = options.duration() == null ? Long.MAX_VALUE : options.duration().toNanos();
        this.latency = newHistogram();
        this.startNanos = clock.nanoTime();
        this.intervalStartNanos = startNanos;
        this.intervalStartMillis = clock.epochMillis();
        this.nextAliveCheck = startNanos + ALIVE_CHECK_EVERY;
        schedule.start(startNanos);
    }

    /**
     * Starts a session on an attached process; the first sample is due at once. The session owns {@code process}
     * and closes it in {@link #close()}.
     */
    public static RecordingSession start(PythonProcess process, SessionOptions options) {
        try {
            return new RecordingSession(process, options);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    @Override
    public PythonProcess process() {
        return process;
    }

    @Override
    public SessionOptions options() {
        return options;
    }

    /** When the next sample is due, in {@link NanoClock#nanoTime()} time. */
    @Override
    public long nextSampleAt() {
        return schedule.deadline();
    }

    /**
     * Takes one sample now (the caller decides when: see {@link #nextSampleAt()}) and advances the schedule.
     *
     * @return true if the recording goes on; false once it has ended (the target exited or exec'd, the duration
     *     elapsed, or {@link #stop()} was called; see {@link #stopReason()}), in which case nothing was sampled
     */
    @Override
    public boolean sampleOnce() {
        if (reason != null) {
            return false;
        }
        long now = clock.nanoTime();
        if (stopSignal.requested()) {
            return end(StopReason.STOPPED, now);
        }
        if (now - startNanos >= durationNanos) {
            return end(StopReason.DURATION, startNanos + durationNanos);
        }
        if (now - nextAliveCheck >= 0) {
            nextAliveCheck = now + ALIVE_CHECK_EVERY;
            if (!process.isStillPython()) {
                return end(StopReason.TARGET_EXITED, now);
            }
        }
        if (!sampler.sample(now - intervalStartNanos)) {
            return end(StopReason.TARGET_EXITED, now);
        }
        long finished = clock.nanoTime();
        busyNanos += finished - now;
        if (latency != null) {
            latency.recordValue(Math.min(latency.getHighestTrackableValue(), (finished - now) / 1000));
        }
        schedule.sampled(finished);
        return true;
    }

    private boolean end(StopReason why, long at) {
        reason = why;
        endNanos = at;
        return false;
    }

    /**
     * Samples on the schedule until a stop condition, sleeping between samples with the options' clock.
     *
     * @param progress told about four times a second, on this thread
     * @return why the recording ended
     */
    @Override
    public StopReason run(ProgressListener progress) {
        stopSignal.enter();
        try {
            long nextProgress = clock.nanoTime() + PROGRESS_EVERY;
            while (reason == null) {
                long left = durationNanos - (clock.nanoTime() - startNanos);
                if (!stopSignal.requested() && left > 0 && !schedule.awaitDue(clock, left)) {
                    continue; // woke early or reached the end: re-check the schedule, the duration and stop()
                }
                if (!sampleOnce()) {
                    break;
                }
                long t = clock.nanoTime();
                if (t - nextProgress >= 0) {
                    nextProgress = t + PROGRESS_EVERY;
                    progress.progress(t - startNanos, sampler.walks(), sampler.stacksRead(), sampler.dropCount());
                }
            }
            return reason;
        } finally {
            stopSignal.leave();
        }
    }

    /** Ends the recording before the next sample. Any thread; wakes a {@link #run} loop that is sleeping. */
    @Override
    public void stop() {
        stopSignal.request();
    }

    /** Why the recording ended, or {@code null} while it goes on. Sampling thread. */
    @Override
    public StopReason stopReason() {
        return reason;
    }

    /**
     * Hands over everything sampled since the start or the previous cut, and continues into a fresh profile (same
     * options, same frame ids). Call on the sampling thread, between samples. The returned profile is sealed: it can
     * be exported on another thread once handed over safely.
     */
    @Override
    public ProfileInterval cutInterval() {
        long now = reason != null ? endNanos : clock.nanoTime();
        long nowMillis = intervalStartMillis + (now - intervalStartNanos) / 1_000_000;
        Profile done = sampler.swapProfile(new Profile(frames, options.profile()));
        done.seal();
        long walks = sampler.walks() - walksAtCut;
        long stacksRead = sampler.stacksRead() - stacksReadAtCut;
        long incomplete = sampler.incompleteStacks() - incompleteAtCut;
        Map<DropReason, Long> allDrops = sampler.drops();
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        allDrops.forEach((k, v) -> {
            long d = v - dropsAtCut.getOrDefault(k, 0L);
            if (d > 0) {
                drops.put(k, d);
            }
        });
        long elapsed = Math.max(0, now - intervalStartNanos);
        SamplingResult stats = new SamplingResult(walks, done.totalCount(), stacksRead, drops, elapsed, reason,
                latency, incomplete, busyNanos);
        busyNanos = 0;
        double rate = walks > 0 && elapsed > 0 ? stats.achievedRate() : options.rateHz();
        RecordingInfo info = new RecordingInfo(process.pid(), process.commandLine(), process.version().toString(),
                intervalStartMillis, elapsed, rate, walks, options.mode());
        walksAtCut = sampler.walks();
        stacksReadAtCut = sampler.stacksRead();
        incompleteAtCut = sampler.incompleteStacks();
        dropsAtCut = allDrops;
        latency = newHistogram();
        intervalStartNanos = now;
        intervalStartMillis = nowMillis;
        return new ProfileInterval(done, info, stats);
    }

    private Histogram newHistogram() {
        return options.recordLatency() ? new Histogram(TimeUnit.SECONDS.toMicros(10), 3) : null;
    }

    @Override
    public RuntimeException firstFault() {
        return sampler.firstFault();
    }

    /** The sampler (walker counters, for benchmarks). */
    public Sampler sampler() {
        return sampler;
    }

    /** Closes the sampler and the process. */
    @Override
    public void close() {
        try {
            sampler.close();
        } finally {
            process.close();
        }
    }
}
