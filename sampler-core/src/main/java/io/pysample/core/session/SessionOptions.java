package io.pysample.core.session;

import io.pysample.core.sampling.NanoClock;
import io.pysample.core.sampling.ProfileOptions;
import io.pysample.core.sampling.SamplingMode;
import io.pysample.core.sampling.SamplingSchedule;
import io.pysample.core.walk.PythonStackWalker;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RecordingSession} samples. Build with {@link #builder()}.
 *
 * @param rateHz samples per second; {@code 0} means as fast as possible
 * @param duration how long to sample, or {@code null} until stopped or the target exits
 * @param mode which threads to record
 * @param intervals exponential (default) or fixed intervals around {@code 1/rate}
 * @param maxDepth frames kept per thread
 * @param recordLatency whether to record each sample's latency (microseconds, HdrHistogram)
 * @param profile how the profile aggregates stacks
 * @param clock time source and sleeper ({@link NanoClock#SYSTEM}; a fake one in tests)
 * @param seed seed of the exponential intervals
 * @param gcFrames whether a {@code <GC>} pseudo-frame tops the stack of a thread while the garbage collector runs in it
 */
public record SessionOptions(double rateHz, Duration duration, SamplingMode mode, SamplingSchedule.Intervals intervals,
        int maxDepth, boolean recordLatency, ProfileOptions profile, NanoClock clock, long seed, boolean gcFrames) {

    public SessionOptions {
        SamplingSchedule.meanIntervalNanos(rateHz); // validates the rate
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive, got " + duration);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(intervals, "intervals");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(clock, "clock");
    }

    /** 100 Hz, exponential intervals, active threads, no duration, default profile, system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link SessionOptions}; every setter returns the builder. */
    public static final class Builder {
        private double rateHz = 100;
        private Duration duration;
        private SamplingMode mode = SamplingMode.ACTIVE;
        private SamplingSchedule.Intervals intervals = SamplingSchedule.Intervals.EXPONENTIAL;
        private int maxDepth = PythonStackWalker.DEFAULT_MAX_DEPTH;
        private boolean recordLatency;
        private ProfileOptions profile = ProfileOptions.DEFAULT;
        private NanoClock clock = NanoClock.SYSTEM;
        private long seed = System.nanoTime();
        private boolean gcFrames = true;

        private Builder() {
        }

        /** Samples per second, 0 for as fast as possible. */
        public Builder rateHz(double hz) {
            this.rateHz = hz;
            return this;
        }

        /** How long to sample; {@code null} for no limit. */
        public Builder duration(Duration d) {
            this.duration = d;
            return this;
        }

        public Builder mode(SamplingMode m) {
            this.mode = m;
            return this;
        }

        public Builder intervals(SamplingSchedule.Intervals i) {
            this.intervals = i;
            return this;
        }

        public Builder maxDepth(int depth) {
            this.maxDepth = depth;
            return this;
        }

        public Builder recordLatency(boolean on) {
            this.recordLatency = on;
            return this;
        }

        public Builder profile(ProfileOptions p) {
            this.profile = p;
            return this;
        }

        public Builder clock(NanoClock c) {
            this.clock = c;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Whether stacks get a {@code <GC>} top frame while the garbage collector runs (default: true). */
        public Builder gcFrames(boolean on) {
            this.gcFrames = on;
            return this;
        }

        /** @throws IllegalArgumentException for a negative or infinite rate, a non-positive duration or depth */
        public SessionOptions build() {
            return new SessionOptions(rateHz, duration, mode, intervals, maxDepth, recordLatency, profile, clock,
                    seed, gcFrames);
        }
    }
}
