package dev.ordinal.kubelet;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/**
 * The Node a simulated kubelet registers and the status it reports, shaped as a kind worker's:
 * the well-known labels, a /24 of the pod network as podCIDR, an InternalIP on the node network,
 * capacity equal to allocatable, the four kubelet conditions and the node's system info.
 */
record SimulatedNode(int index, NodeProperties properties, Ipv4Cidr podNetwork, String kubeletVersion,
                     String bootId) {

    /** Upstream's --node-cidr-mask-size default for IPv4. */
    static final int NODE_CIDR_MASK_SIZE = 24;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** What a kubelet reports when its CNI plugin is not ready, the usual cause of a NotReady node. */
    static final String NETWORK_NOT_READY = "container runtime network not ready: NetworkReady=false "
            + "reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";

    String name() {
        return NodeProperties.nodeName(index);
    }

    String internalIp() {
        return Ipv4Cidr.parse(properties.cidr()).address(index + 2L);
    }

    String podCidr() {
        return podNetwork.subnet(index, NODE_CIDR_MASK_SIZE).toString();
    }

    /** The Node as the kubelet registers it, with its first status. */
    Unstructured registration(String now) {
        ObjectNode node = JSON.objectNode();
        node.put("apiVersion", "v1");
        node.put("kind", "Node");
        ObjectNode metadata = node.putObject("metadata");
        metadata.put("name", name());
        ObjectNode labels = metadata.putObject("labels");
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", name());
        labels.put("kubernetes.io/os", "linux");
        labels.put("topology.kubernetes.io/region", properties.region());
        labels.put("topology.kubernetes.io/zone", properties.zones().get(index % properties.zones().size()));
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put("node.alpha.kubernetes.io/ttl", "0");
        annotations.put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        ObjectNode spec = node.putObject("spec");
        spec.put("podCIDR", podCidr());
        spec.putArray("podCIDRs").add(podCidr());
        node.set("status", status(JSON.objectNode(), now, true));
        return new Unstructured(node);
    }

    /**
     * The status the kubelet reports at {@code now}: every condition's heartbeat is {@code now};
     * a condition keeps its lastTransitionTime from {@code previous} while its status holds.
     */
    ObjectNode status(JsonNode previous, String now, boolean ready) {
        ObjectNode status = JSON.objectNode();
        status.set("capacity", resources());
        status.set("allocatable", resources());
        status.set("conditions", conditions(previous, now, ready));
        var addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", internalIp());
        addresses.addObject().put("type", "Hostname").put("address", name());
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
        ObjectNode info = status.putObject("nodeInfo");
        // Stable per node name, as a machine's ids survive its reboots.
        info.put("machineID", uuid("machine-id/" + name()).toString().replace("-", ""));
        info.put("systemUUID", uuid("system-uuid/" + name()).toString());
        info.put("bootID", bootId);
        info.put("kernelVersion", "6.8.0");
        info.put("osImage", "Debian GNU/Linux 12 (bookworm)");
        info.put("containerRuntimeVersion", "containerd://1.7.24");
        info.put("kubeletVersion", kubeletVersion);
        // Empty since 1.31: the kubelet no longer reports kube-proxy's version (DisableNodeKubeProxyVersion).
        info.put("kubeProxyVersion", "");
        info.put("operatingSystem", "linux");
        info.put("architecture", "amd64");
        return status;
    }

    /**
     * The four conditions a kubelet reports, as its setters in {@code pkg/kubelet/nodestatus}
     * word them; not ready is how a kubelet whose container network is down reports itself.
     */
    private static ArrayNode conditions(JsonNode previous, String now, boolean ready) {
        ArrayNode conditions = JSON.arrayNode();
        conditions.add(condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", now));
        conditions.add(condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure", now));
        conditions.add(condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID",
                "kubelet has sufficient PID available", now));
        conditions.add(ready
                ? condition(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
                : condition(previous, "Ready", "False", "KubeletNotReady", NETWORK_NOT_READY, now));
        return conditions;
    }

    private ObjectNode resources() {
        ObjectNode resources = JSON.objectNode();
        resources.put("cpu", properties.cpu());
        resources.put("ephemeral-storage", properties.ephemeralStorage());
        resources.put("hugepages-1Gi", "0");
        resources.put("hugepages-2Mi", "0");
        resources.put("memory", properties.memory());
        resources.put("pods", Integer.toString(properties.pods()));
        return resources;
    }

    private static UUID uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode condition(JsonNode previous, String type, String status, String reason, String message,
                                        String now) {
        String transition = now;
        for (JsonNode old : previous.path("conditions")) {
            if (old.path("type").asString("").equals(type) && old.path("status").asString("").equals(status)
                    && old.hasNonNull("lastTransitionTime")) {
                transition = old.get("lastTransitionTime").asString();
            }
        }
        ObjectNode condition = JSON.objectNode();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("lastHeartbeatTime", now);
        condition.put("lastTransitionTime", transition);
        condition.put("reason", reason);
        condition.put("message", message);
        return condition;
    }
}
