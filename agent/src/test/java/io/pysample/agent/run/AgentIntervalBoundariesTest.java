package io.pysample.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentIntervalBoundariesTest {
    @Test
    void boundariesAreWallClockMultiplesOfTheInterval() {
        long t = Instant.parse("2026-11-30T12:00:07.250Z").toEpochMilli();
        assertThat(Instant.ofEpochMilli(IntervalBoundaries.nextAfter(t, 10_000)))
                .isEqualTo(Instant.parse("2026-11-30T12:00:10Z"));
        assertThat(Instant.ofEpochMilli(IntervalBoundaries.nextAfter(t, 60_000)))
                .isEqualTo(Instant.parse("2026-11-30T12:01:00Z"));
        assertThat(Instant.ofEpochMilli(IntervalBoundaries.nextAfter(t, 1_000)))
                .isEqualTo(Instant.parse("2026-11-30T12:00:08Z"));
    }

    @Test
    void aTimeOnABoundaryGoesToTheNextOne() {
        long t = Instant.parse("2026-11-30T12:00:10Z").toEpochMilli();
        assertThat(IntervalBoundaries.nextAfter(t, 10_000) - t).isEqualTo(10_000);
        assertThat(IntervalBoundaries.nextAfter(-1, 1000)).isZero(); // floor, not truncation, before 1970
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThatThrownBy(() -> IntervalBoundaries.nextAfter(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
