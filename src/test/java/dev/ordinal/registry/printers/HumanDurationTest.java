package dev.ordinal.registry.printers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // A clock up to two seconds behind reads as now; further behind is invalid.
            "-PT2S, <invalid>",
            "-PT1.999S, 0s",
            "-PT1S, 0s",
            "-PT0.5S, 0s",
            "PT0S, 0s",
            // Seconds below two minutes.
            "PT1S, 1s",
            "PT119.999S, 119s",
            // Minutes and seconds below ten minutes.
            "PT2M, 2m",
            "PT2M1S, 2m1s",
            "PT9M59.9S, 9m59s",
            // Minutes below three hours.
            "PT10M, 10m",
            "PT10M59S, 10m",
            "PT2H59M59S, 179m",
            // Hours and minutes below eight hours.
            "PT3H, 3h",
            "PT3H1M, 3h1m",
            "PT7H59M59S, 7h59m",
            // Hours below two days.
            "PT8H, 8h",
            "PT47H59M, 47h",
            // Days and hours below eight days.
            "PT48H, 2d",
            "PT49H30M, 2d1h",
            "PT191H59M, 7d23h",
            // Days below two years.
            "PT192H, 8d",
            "P729DT23H, 729d",
            // Years and days below eight years (a year is 365 days).
            "P730D, 2y",
            "P731D, 2y1d",
            "P2919DT23H, 7y364d",
            // Years.
            "P2920D, 8y",
            "P36500D, 100y",
    })
    void formatsWithUpstreamPrecision(String duration, String expected) {
        assertThat(HumanDuration.format(Duration.parse(duration))).isEqualTo(expected);
    }
}
