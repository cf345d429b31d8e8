package dev.ordinal.kubelet;

import java.time.Duration;
import java.util.Map;

import dev.ordinal.machinery.go.GoDuration;
import dev.ordinal.machinery.pod.SimulationAnnotations;

/**
 * A pod's overrides of the simulation's pacing and outcome, read from its
 * {@link SimulationAnnotations}; a delay that does not parse is ignored, as if it were absent.
 */
public record PodOverrides(Duration startDelay, Duration readyDelay, Duration stopDelay, boolean neverReady,
                           boolean crashLoop, boolean fail) {

    public static PodOverrides of(Map<String, String> annotations, KubeletProperties defaults) {
        return new PodOverrides(
                duration(annotations.get(SimulationAnnotations.START_DELAY), defaults.startDelay()),
                duration(annotations.get(SimulationAnnotations.READY_DELAY), defaults.readyDelay()),
                duration(annotations.get(SimulationAnnotations.STOP_DELAY), defaults.stopDelay()),
                SimulationAnnotations.isSet(annotations, SimulationAnnotations.NEVER_READY),
                SimulationAnnotations.isSet(annotations, SimulationAnnotations.CRASH_LOOP),
                SimulationAnnotations.isSet(annotations, SimulationAnnotations.FAIL));
    }

    private static Duration duration(String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            Duration parsed = GoDuration.parse(value.trim());
            return parsed.isNegative() ? fallback : parsed;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
