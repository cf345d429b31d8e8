package dev.ordinal.machinery.go;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0", "500ms, 500000000", "2s, 2000000000", "1.5s, 1500000000", "1m30s, 90000000000",
            "1h, 3600000000000", "250us, 250000", "250\u00b5s, 250000", "7ns, 7", "-2s, -2000000000",
            "+3m, 180000000000", ".5s, 500000000"})
    void parsesAsGoDoes(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|time: invalid duration \"\"",
            "1|time: missing unit in duration \"1\"",
            "2x|time: unknown unit \"x\" in duration \"2x\"",
            "s|time: invalid duration \"s\""})
    void rejectsWhatGoRejectsWithItsMessage(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0s", "7, 7ns", "1500, 1.5\u00b5s", "1500000, 1.5ms", "500000000, 500ms", "10000000000, 10s",
            "80000000000, 1m20s", "300000000000, 5m0s", "3600000000000, 1h0m0s", "3723500000000, 1h2m3.5s"})
    void formatsAsGoDurationString(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }
}
