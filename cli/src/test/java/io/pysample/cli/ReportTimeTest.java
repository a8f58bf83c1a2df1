package io.pysample.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The TIME forms of report --from/--to, against a fixed clock in Europe/Berlin (UTC+1 in December). */
class ReportTimeTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneId.of("Europe/Berlin"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "now, 2026-12-01T12:00:00Z",
        "NOW, 2026-12-01T12:00:00Z",
        "-15m, 2026-12-01T11:45:00Z",
        "-2h, 2026-12-01T10:00:00Z",
        "-30s, 2026-12-01T11:59:30Z",
        "-1d, 2026-11-30T12:00:00Z",
        "-1w, 2026-11-24T12:00:00Z",
        "2026-12-01T03:10, 2026-12-01T02:10:00Z",
        "2026-12-01T03:10:30, 2026-12-01T02:10:30Z",
        "2026-12-01, 2026-11-30T23:00:00Z",
        "2026-12-01T03:10Z, 2026-12-01T03:10:00Z",
        "2026-12-01T03:10:00+05:00, 2026-11-30T22:10:00Z",
    })
    void eachFormIsAnInstant(String text, String expected) {
        assertThat(ReportTime.parse("--from", text, CLOCK)).isEqualTo(ReportTime.nanos(Instant.parse(expected)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "15m", "-15", "-15y", "+15m", "2026-13-01T00:00", "", "-m"})
    void anythingElseIsAUsageError(String text) {
        assertThatThrownBy(() -> ReportTime.parse("--to", text, CLOCK)).isInstanceOf(UserError.class)
                .hasMessageStartingWith("--to must be 'now', relative like -15m/-2h/-1d, or ISO-8601")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
