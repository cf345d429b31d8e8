package dev.ordinal.controller.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.machinery.Unstructured;

/**
 * What both endpoints controllers decide about one pod, as upstream's
 * {@code k8s.io/endpointslice/util} ({@code ShouldPodBeInEndpoints}, {@code ShouldSetHostname},
 * {@code FindPort}).
 */
final class PodEndpoints {

    private PodEndpoints() {
    }

    /**
     * Whether a pod may have an endpoint at all: not terminal (Succeeded or Failed), with an IP,
     * and, unless terminating pods are included, not being deleted.
     */
    static boolean shouldBeInEndpoints(Unstructured pod, boolean includeTerminating) {
        String phase = pod.json().path("status").path("phase").asString("");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            return false;
        }
        if (ips(pod).isEmpty()) {
            return false;
        }
        return includeTerminating || !pod.isBeingDeleted();
    }

    /**
     * An endpoint carries the pod's hostname only when the pod names this Service as its
     * subdomain: what makes {@code <hostname>.<service>.<ns>.svc} resolve for StatefulSet pods.
     */
    static boolean shouldSetHostname(Unstructured pod, Unstructured service) {
        JsonNode spec = pod.json().path("spec");
        return !spec.path("hostname").asString("").isEmpty()
                && spec.path("subdomain").asString("").equals(service.name())
                && pod.namespace().equals(service.namespace());
    }

    static String hostname(Unstructured pod) {
        return pod.json().path("spec").path("hostname").asString("");
    }

    static String nodeName(Unstructured pod) {
        return pod.json().path("spec").path("nodeName").asString("");
    }

    /**
     * The pod's IPs in canonical form: {@code status.podIPs}, or {@code status.podIP} alone as the
     * API server's conversion fills podIPs from it.
     */
    static List<String> ips(Unstructured pod) {
        JsonNode status = pod.json().path("status");
        List<String> ips = new ArrayList<>();
        for (JsonNode podIp : status.path("podIPs")) {
            IpAddresses.canonical(podIp.path("ip").asString("")).ifPresent(ips::add);
        }
        if (ips.isEmpty()) {
            IpAddresses.canonical(status.path("podIP").asString("")).ifPresent(ips::add);
        }
        return ips;
    }

    /**
     * The container port a Service port reaches on this pod: a numeric targetPort as is, a named
     * one looked up among the ports of the containers and restartable (sidecar) init containers
     * with the same protocol; empty when the pod has no such port.
     */
    static OptionalInt findPort(Unstructured pod, JsonNode servicePort) {
        JsonNode targetPort = servicePort.path("targetPort");
        if (targetPort.isNumber()) {
            return OptionalInt.of(targetPort.asInt());
        }
        if (!targetPort.isString()) {
            return OptionalInt.of(servicePort.path("port").asInt());
        }
        String name = targetPort.asString();
        String protocol = servicePort.path("protocol").asString("TCP");
        JsonNode spec = pod.json().path("spec");
        List<JsonNode> containers = new ArrayList<>();
        spec.path("containers").forEach(containers::add);
        spec.path("initContainers").forEach(container -> {
            if (container.path("restartPolicy").asString("").equals("Always")) {
                containers.add(container);
            }
        });
        for (JsonNode container : containers) {
            for (JsonNode port : container.path("ports")) {
                if (port.path("name").asString("").equals(name)
                        && port.path("protocol").asString("TCP").equals(protocol)) {
                    return OptionalInt.of(port.path("containerPort").asInt());
                }
            }
        }
        return OptionalInt.empty();
    }

    static ObjectNode targetRef(Unstructured pod) {
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        ref.put("kind", "Pod");
        ref.put("namespace", pod.namespace());
        ref.put("name", pod.name());
        ref.put("uid", pod.uid());
        return ref;
    }

    /** A Service's selector, or null when it has none: a missing or empty selector selects nothing here. */
    static Map<String, String> selector(Unstructured service) {
        JsonNode selector = service.json().path("spec").path("selector");
        if (!selector.isObject() || selector.isEmpty()) {
            return null;
        }
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        selector.properties().forEach(entry -> labels.put(entry.getKey(), entry.getValue().asString("")));
        return labels;
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && selector.entrySet().stream()
                .allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
    }

    /** Upstream's {@code IsServiceIPSet}: neither empty nor {@code None}. */
    static boolean hasClusterIp(Unstructured service) {
        String clusterIp = service.json().path("spec").path("clusterIP").asString("");
        return !clusterIp.isEmpty() && !clusterIp.equals("None");
    }
}
