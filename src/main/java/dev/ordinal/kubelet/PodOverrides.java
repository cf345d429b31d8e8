package dev.ordinal.kubelet;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Per-pod overrides of the simulation, read from the pod's annotations (a workload's pod template
 * carries them to every pod it makes). These are all the names the simulation reads:
 * <ul>
 *   <li>{@value #START_DELAY}, {@value #READY_DELAY}, {@value #STOP_DELAY}: Go durations
 *       ({@code 500ms}, {@code 2s}) replacing {@code ordinal.kubelet.start-delay},
 *       {@code ready-delay} and {@code stop-delay} for this pod;</li>
 *   <li>{@value #NEVER_READY}: the containers run but never become ready;</li>
 *   <li>{@value #CRASH_LOOP}: the containers exit with code 1 when they would have become ready,
 *       and are restarted after the kubelet's crash-loop back-off (10s doubling to 5m);</li>
 *   <li>{@value #FAIL}: the containers exit with code 1 when they would have become ready and the
 *       pod ends Failed;</li>
 *   <li>{@value #UNSCHEDULABLE}: the scheduler never places the pod.</li>
 * </ul>
 * The flags take Go's boolean spellings ({@code "true"}, {@code "1"}, ...). A value that does not
 * parse is ignored, as if the annotation were absent.
 */
public record PodOverrides(Duration startDelay, Duration readyDelay, Duration stopDelay, boolean neverReady,
                           boolean crashLoop, boolean fail) {

    public static final String PREFIX = "ordinal.dev/";
    public static final String START_DELAY = PREFIX + "start-delay";
    public static final String READY_DELAY = PREFIX + "ready-delay";
    public static final String STOP_DELAY = PREFIX + "stop-delay";
    public static final String NEVER_READY = PREFIX + "never-ready";
    public static final String CRASH_LOOP = PREFIX + "crash-loop";
    public static final String FAIL = PREFIX + "fail";
    public static final String UNSCHEDULABLE = PREFIX + "unschedulable";

    /** Go's strconv.ParseBool spellings of true. */
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");

    public static PodOverrides of(Map<String, String> annotations, KubeletProperties defaults) {
        return new PodOverrides(
                duration(annotations.get(START_DELAY), defaults.startDelay()),
                duration(annotations.get(READY_DELAY), defaults.readyDelay()),
                duration(annotations.get(STOP_DELAY), defaults.stopDelay()),
                TRUE.contains(annotations.getOrDefault(NEVER_READY, "")),
                TRUE.contains(annotations.getOrDefault(CRASH_LOOP, "")),
                TRUE.contains(annotations.getOrDefault(FAIL, "")));
    }

    /** Whether the pod carries {@value #UNSCHEDULABLE}. */
    public static boolean unschedulable(Map<String, String> annotations) {
        return TRUE.contains(annotations.getOrDefault(UNSCHEDULABLE, ""));
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
