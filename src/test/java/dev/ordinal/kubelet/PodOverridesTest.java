package dev.ordinal.kubelet;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodOverridesTest {

    private static final KubeletProperties DEFAULTS = KubeletProperties.defaults();

    @Test
    void withoutAnnotationsThePropertiesApply() {
        assertThat(PodOverrides.of(Map.of(), DEFAULTS)).isEqualTo(new PodOverrides(Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), false, false, false));
    }

    @Test
    void annotationsOverrideDelaysAndSetFlags() {
        PodOverrides overrides = PodOverrides.of(Map.of(
                "ordinal.dev/start-delay", "500ms", "ordinal.dev/ready-delay", "1m", "ordinal.dev/stop-delay", "0",
                "ordinal.dev/never-ready", "true", "ordinal.dev/crash-loop", "1", "ordinal.dev/fail", "True"),
                DEFAULTS);

        assertThat(overrides).isEqualTo(new PodOverrides(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ZERO,
                true, true, true));
    }

    @Test
    void valuesThatDoNotParseAreIgnored() {
        PodOverrides overrides = PodOverrides.of(Map.of("ordinal.dev/start-delay", "soon",
                "ordinal.dev/ready-delay", "-1s", "ordinal.dev/never-ready", "yes"), DEFAULTS);

        assertThat(overrides.startDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(overrides.readyDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(overrides.neverReady()).isFalse();
    }
}
