package dev.ordinal.machinery.pod;

import java.util.Map;
import java.util.Set;

/**
 * The annotations by which a pod steers its own simulation (a workload's pod template carries them
 * to every pod it makes). These are all the names the simulation reads:
 * <ul>
 *   <li>{@value #START_DELAY}, {@value #READY_DELAY}, {@value #STOP_DELAY}: Go durations
 *       ({@code 500ms}, {@code 2s}) replacing {@code ordinal.kubelet.start-delay},
 *       {@code ready-delay} and {@code stop-delay} for this pod;</li>
 *   <li>{@value #NEVER_READY}: the containers run but never become ready;</li>
 *   <li>{@value #CRASH_LOOP}: the containers exit with code 1 when they would have become ready,
 *       and are restarted after the kubelet's crash-loop back-off (10s doubling to 5m);</li>
 *   <li>{@value #FAIL}: the containers exit with code 1 when they would have become ready and the
 *       pod ends Failed;</li>
 *   <li>{@value #UNSCHEDULABLE}: the scheduler never places the pod;</li>
 *   <li>{@value #WEB_ROOT}: the directory the containers' declared ports serve over HTTP, in place
 *       of their image's conventional web root.</li>
 * </ul>
 * A node's kubelet reads two of the same kind on the node, {@code ordinal.dev/not-ready} and
 * {@code ordinal.dev/unreachable} ({@link dev.ordinal.machinery.node.NodeFault}).
 * The kubelet reads them at every step of a pod, so setting or removing one on a running pod is a
 * fault at run time: never-ready takes a Ready pod out of its Services' endpoints and its
 * workload's ready count, removing it makes the pod Ready again, crash-loop makes it crash.
 * Both the scheduler and the simulated kubelet read them, so they live below both.
 */
public final class SimulationAnnotations {

    public static final String PREFIX = "ordinal.dev/";
    public static final String START_DELAY = PREFIX + "start-delay";
    public static final String READY_DELAY = PREFIX + "ready-delay";
    public static final String STOP_DELAY = PREFIX + "stop-delay";
    public static final String NEVER_READY = PREFIX + "never-ready";
    public static final String CRASH_LOOP = PREFIX + "crash-loop";
    public static final String FAIL = PREFIX + "fail";
    public static final String UNSCHEDULABLE = PREFIX + "unschedulable";
    public static final String WEB_ROOT = PREFIX + "web-root";

    /** Go's strconv.ParseBool spellings of true. */
    private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");

    private SimulationAnnotations() {
    }

    /**
     * Whether the flag {@code name} is set: its value is one of Go's spellings of true. A value
     * that does not parse counts as absent.
     */
    public static boolean isSet(Map<String, String> annotations, String name) {
        return TRUE.contains(annotations.getOrDefault(name, ""));
    }
}
