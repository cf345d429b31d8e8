package dev.ordinal.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * The server properties a started server gets, as {@code --key=value} arguments. Equal settings
 * share one server for the whole test run.
 */
record ClusterSettings(List<String> arguments) {

    static ClusterSettings of(EnableOrdinal annotation) {
        return of(annotation.nodes(), List.of(annotation.zones()), annotation.startDelay(), annotation.readyDelay(),
                annotation.stopDelay(), List.of(annotation.properties()));
    }

    /** Delays are Go durations, empty for the server's own; properties are {@code key=value}. */
    static ClusterSettings of(int nodes, List<String> zones, String startDelay, String readyDelay, String stopDelay,
                              List<String> properties) {
        List<String> arguments = new ArrayList<>();
        arguments.add("--ordinal.nodes.count=" + nodes);
        if (!zones.isEmpty()) {
            arguments.add("--ordinal.nodes.zones=" + String.join(",", zones));
        }
        addDelay(arguments, "start-delay", startDelay);
        addDelay(arguments, "ready-delay", readyDelay);
        addDelay(arguments, "stop-delay", stopDelay);
        for (String property : properties) {
            if (property.indexOf('=') < 1) {
                throw new IllegalArgumentException("server properties are key=value, not \"" + property + "\"");
            }
            arguments.add("--" + property);
        }
        return new ClusterSettings(List.copyOf(arguments));
    }

    private static void addDelay(List<String> arguments, String name, String goDuration) {
        if (!goDuration.isEmpty()) {
            arguments.add("--ordinal.kubelet." + name + "=" + goDuration);
        }
    }
}
