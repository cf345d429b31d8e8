package dev.ordinal.controller.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/** DaemonSets, nodes and daemon pods as the controller's decisions see them. */
final class DaemonSetFixtures {

    static final String HASH = "new";

    private DaemonSetFixtures() {
    }

    static Unstructured json(String text) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(text));
    }

    /** A DaemonSet {@code agent} at template generation 2 with more spec fields and a template pod spec. */
    static Unstructured daemonSet(String moreSpec, String podSpec) {
        return json("""
                {"metadata": {"name": "agent", "namespace": "default", "uid": "ds-uid", "generation": 2,
                  "annotations": {"deprecated.daemonset.template.generation": "2"}},
                 "spec": {%s"selector": {"matchLabels": {"app": "agent"}},
                  "template": {"metadata": {"labels": {"app": "agent"}},
                   "spec": {%s"containers": [{"name": "agent", "image": "busybox"}]}}}}
                """.formatted(moreSpec, podSpec));
    }

    static Unstructured rollingUpdate(Object maxSurge, Object maxUnavailable) {
        return daemonSet("\"updateStrategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": "
                + quoted(maxSurge) + ", \"maxUnavailable\": " + quoted(maxUnavailable) + "}},", "");
    }

    private static String quoted(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    static Unstructured node(String name) {
        return json("{\"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {}}");
    }

    static Unstructured node(String name, String labels, String taints) {
        return json("{\"metadata\": {\"name\": \"" + name + "\", \"labels\": {" + labels + "}}, \"spec\": {\"taints\": ["
                + taints + "]}}");
    }

    static List<Unstructured> nodes(int count) {
        List<Unstructured> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(node("n" + i));
        }
        return nodes;
    }

    /**
     * A pod of revision {@code hash} on {@code node}, created {@code minute} minutes past noon, in
     * {@code phase}, Ready (since a minute after its creation) or not.
     */
    static Unstructured pod(String name, String node, String hash, int minute, String phase, boolean ready) {
        Unstructured pod = json("""
                {"metadata": {"name": "%s", "namespace": "default", "uid": "uid-%s",
                  "creationTimestamp": "2024-01-01T12:%02d:00Z", "labels": {"app": "agent", "controller-revision-hash": "%s"}},
                 "spec": {"nodeName": "%s"}, "status": {"phase": "%s", "conditions": []}}"""
                .formatted(name, name, minute, hash, node, phase));
        if (ready) {
            pod.json().withObject("status").withArray("conditions").addObject().put("type", "Ready")
                    .put("status", "True").put("lastTransitionTime", "2024-01-01T12:%02d:00Z".formatted(minute + 1));
        }
        return pod;
    }

    static Unstructured running(String name, String node, String hash, int minute) {
        return pod(name, node, hash, minute, "Running", true);
    }

    static Unstructured deleting(Unstructured pod) {
        pod.metadata().put("deletionTimestamp", "2024-01-01T12:30:00Z");
        return pod;
    }

    static Map<String, List<Unstructured>> byNode(Unstructured... pods) {
        Map<String, List<Unstructured>> byNode = new LinkedHashMap<>();
        for (Unstructured pod : pods) {
            byNode.computeIfAbsent(DaemonPods.targetNodeName(pod), n -> new ArrayList<>()).add(pod);
        }
        return byNode;
    }

    static List<String> names(List<Unstructured> pods) {
        return pods.stream().map(Unstructured::name).toList();
    }
}
