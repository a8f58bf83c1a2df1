package io.pysample.core.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampling schedule against a fake clock: deadlines, interval shapes, falling behind, extreme rates. */
class SamplingScheduleTest {
    private static final long MS = 1_000_000L;

    /** Samples with the schedule for {@code spanNanos} of fake time, each sample costing {@code costNanos}. */
    private static List<Long> sampleTimes(SamplingSchedule s, FakeClock clock, long spanNanos, long costNanos) {
        long start = clock.nanoTime();
        s.start(start);
        List<Long> times = new ArrayList<>();
        while (clock.nanoTime() - start < spanNanos) {
            long left = spanNanos - (clock.nanoTime() - start);
            if (!s.awaitDue(clock, left) || clock.nanoTime() - start >= spanNanos) {
                continue;
            }
            times.add(clock.nanoTime() - start);
            clock.advance(costNanos);
            s.sampled(clock.nanoTime());
        }
        return times;
    }

    @Test
    void fixedIntervalsHitAbsoluteDeadlinesWhateverASampleCosts() {
        FakeClock clock = new FakeClock();
        SamplingSchedule s = new SamplingSchedule(100, SamplingSchedule.Intervals.FIXED, 1);
        List<Long> times = sampleTimes(s, clock, 1000 * MS, 3 * MS);
        assertThat(times).hasSize(100);
        for (int i = 0; i < times.size(); i++) {
            assertThat(times.get(i)).as("sample %d", i).isEqualTo(i * 10 * MS);
        }
        // The sleep shrinks by the sample's cost: deadlines do not drift.
        assertThat(clock.parks).allMatch(p -> p == 7 * MS);
    }

    @Test
    void exponentialIntervalsHaveTheRequestedMeanAndAreCappedAtTenMeans() {
        FakeClock clock = new FakeClock();
        SamplingSchedule s = new SamplingSchedule(1000, SamplingSchedule.Intervals.EXPONENTIAL, 42);
        List<Long> times = sampleTimes(s, clock, 20_000 * MS, 0);
        // 20,000 intervals of mean 1 ms: the count's standard deviation is about 141.
        assertThat(times.size()).isBetween(19_300, 20_700);
        long max = 0;
        int shorterThanMean = 0;
        for (int i = 1; i < times.size(); i++) {
            long gap = times.get(i) - times.get(i - 1);
            max = Math.max(max, gap);
            shorterThanMean += gap < MS ? 1 : 0;
        }
        assertThat(max).isLessThanOrEqualTo(10 * MS).isGreaterThan(5 * MS);
        // P(X < mean) = 1 - 1/e = 0.632 for an exponential distribution (fixed intervals would give 0).
        assertThat((double) shorterThanMean / times.size()).isBetween(0.60, 0.66);
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        List<Long> a = sampleTimes(new SamplingSchedule(50, SamplingSchedule.Intervals.EXPONENTIAL, 7),
                new FakeClock(), 2000 * MS, MS);
        List<Long> b = sampleTimes(new SamplingSchedule(50, SamplingSchedule.Intervals.EXPONENTIAL, 7),
                new FakeClock(), 2000 * MS, MS);
        assertThat(a).isEqualTo(b).hasSizeGreaterThan(50);
    }

    @Test
    void aLateSampleRestartsTheScheduleInsteadOfBursting() {
        FakeClock clock = new FakeClock();
        SamplingSchedule s = new SamplingSchedule(100, SamplingSchedule.Intervals.FIXED, 1);
        s.start(clock.nanoTime());
        long t0 = clock.nanoTime();
        clock.advance(55 * MS); // a sample that took 5.5 intervals
        s.sampled(clock.nanoTime());
        assertThat(s.deadline() - t0).as("restarted from the late sample's end").isEqualTo(55 * MS);
        assertThat(s.isDue(clock.nanoTime())).isTrue();
        s.sampled(clock.nanoTime());
        assertThat(s.deadline() - t0).as("then on schedule again").isEqualTo(65 * MS);
        // Less than one interval late: the absolute deadline is kept (the next sample comes sooner).
        clock.advance(15 * MS);
        s.sampled(clock.nanoTime());
        assertThat(s.deadline() - t0).isEqualTo(75 * MS);
    }

    @Test
    void maxRateNeverSleeps() {
        FakeClock clock = new FakeClock();
        SamplingSchedule s = new SamplingSchedule(0, SamplingSchedule.Intervals.EXPONENTIAL, 1);
        List<Long> times = sampleTimes(s, clock, 10 * MS, 4000);
        assertThat(times).hasSize(2500);
        assertThat(clock.parks).isEmpty();
    }

    @Test
    void aTinyRateWaitsInsteadOfOverflowingIntoFullSpeed() {
        for (SamplingSchedule.Intervals kind : SamplingSchedule.Intervals.values()) {
            FakeClock clock = new FakeClock();
            SamplingSchedule s = new SamplingSchedule(1e-9, kind, 3);
            List<Long> times = sampleTimes(s, clock, 3600_000 * MS, MS);
            assertThat(times).as(kind.name()).containsExactly(0L);
            assertThat(s.deadline() - clock.nanoTime()).as(kind.name()).isPositive();
        }
        assertThat(SamplingSchedule.meanIntervalNanos(1e-30)).isEqualTo(SamplingSchedule.MAX_INTERVAL_NANOS);
        assertThat(SamplingSchedule.meanIntervalNanos(1e12)).isEqualTo(1);
    }

    @Test
    void aHalfHertzScheduleOverThreeSecondsTakesTwoSamples() {
        FakeClock clock = new FakeClock();
        SamplingSchedule s = new SamplingSchedule(0.5, SamplingSchedule.Intervals.FIXED, 1);
        assertThat(sampleTimes(s, clock, 3000 * MS, MS)).containsExactly(0L, 2000 * MS);
    }

    @Test
    void negativeOrInfiniteRatesAreRefused() {
        assertThatThrownBy(() -> new SamplingSchedule(-1, SamplingSchedule.Intervals.FIXED, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SamplingSchedule.meanIntervalNanos(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SamplingSchedule.meanIntervalNanos(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
