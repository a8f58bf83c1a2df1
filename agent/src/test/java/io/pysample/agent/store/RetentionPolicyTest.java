package io.pysample.agent.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's --retention and --max-store-size values. */
class RetentionPolicyTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"7d, PT168H", "12h, PT12H", "90m, PT1H30M", "30s, PT30S", "2w, PT336H", "7D, PT168H"})
    void ages(String text, Duration expected) {
        assertThat(RetentionPolicy.parseAge(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1024, 1024", "512M, 536870912", "512MiB, 536870912", "512mb, 536870912", "1G, 1073741824",
        "3k, 3072", "2T, 2199023255552", "100b, 100"})
    void sizes(String text, long expected) {
        assertThat(RetentionPolicy.parseSize(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0d", "7", "-1d", "7y", "d"})
    void badAges(String text) {
        assertThatThrownBy(() -> RetentionPolicy.parseAge(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("retention must be a positive number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0M", "-5M", "5X", "M", "1.5G", "999999999999T"})
    void badSizes(String text) {
        assertThatThrownBy(() -> RetentionPolicy.parseSize(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maximum store size");
    }
}
