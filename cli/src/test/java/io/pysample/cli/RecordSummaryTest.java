package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pysample.core.sampling.SamplingResult;
import io.pysample.core.sampling.StopReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary line that says the asked rate was not reached, and why. */
class RecordSummaryTest {
    private static SamplingResult result(long walks, long seconds, long busyMillis) {
        return new SamplingResult(walks, walks * 10, walks * 360, Map.of(), seconds * 1_000_000_000L,
                StopReason.DURATION, null, 0, busyMillis * 1_000_000L);
    }

    @Test
    void slowSamplesAreNamedAsTheCause() {
        String line = RecordSummary.shortfall(result(210, 10, 9_900), 100);
        assertThat(line).contains("asked 100 Hz could not be reached (21 Hz)").contains("47.1 ms on average")
                .contains("360 thread stacks each").contains("longer than the 10.0 ms between samples");
    }

    @Test
    void fastSamplesOnABusyMachineBlameTheMachine() {
        assertThat(RecordSummary.shortfall(result(500, 10, 50), 100)).contains("(50 Hz)").contains("busy");
    }

    @Test
    void nothingWhenTheRateWasReachedOrNoneWasAsked() {
        assertThat(RecordSummary.shortfall(result(995, 10, 100), 100)).isNull();
        assertThat(RecordSummary.shortfall(result(995, 10, 100), 0)).isNull();
    }
}
