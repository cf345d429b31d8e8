package dev.ordinal.registry.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Pods (upstream {@code pkg/registry/core/pod}): scheme defaults, the mutations of the admission
 * plugins every cluster runs and users see on each pod (ServiceAccount's {@code default} account,
 * Priority's priority 0, DefaultTolerationSeconds' not-ready and unreachable tolerations), status
 * Pending with the computed QoS class on create, upstream's update rules, the pod field selectors,
 * and graceful deletion: a scheduled pod stays, marked, until its kubelet finishes the deletion.
 */
final class PodStrategy implements Strategy {

    /** The toleration of DefaultTolerationSeconds' not-ready and unreachable taints, in seconds. */
    static final long DEFAULT_TOLERATION_SECONDS = 300;
    private static final List<String> DEFAULT_TOLERATED_TAINTS =
            List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable");

    @Override
    public void applyDefaults(Unstructured pod) {
        ObjectNode spec = object(pod.json(), "spec");
        // v1's deprecated serviceAccount is read as serviceAccountName when that is unset.
        if (isUnset(spec, "serviceAccountName") && !isUnset(spec, "serviceAccount")) {
            spec.put("serviceAccountName", text(spec, "serviceAccount"));
        }
        PodDefaults.apply(pod.json());
        addDefaultTolerations(spec);
        mirrorServiceAccount(spec);
    }

    @Override
    public void prepareForCreate(Unstructured pod) {
        ObjectNode spec = object(pod.json(), "spec");
        // Priority admission without a default PriorityClass.
        if (isUnset(spec, "priorityClassName")) {
            if (!spec.path("priority").isNumber()) {
                spec.put("priority", 0);
            }
            JsonFields.defaultText(spec, "preemptionPolicy", "PreemptLowerPriority");
        }
        ObjectNode status = pod.json().putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", PodQos.of(spec));
    }

    /** Priority admission keeps the priority it set on create when an update leaves it out. */
    @Override
    public void prepareForUpdate(Unstructured pod, Unstructured old) {
        ObjectNode spec = object(pod.json(), "spec");
        JsonNode oldSpec = old.json().path("spec");
        for (String field : List.of("priority", "preemptionPolicy")) {
            if ((!spec.has(field) || spec.get(field).isNull()) && oldSpec.has(field)) {
                spec.set(field, oldSpec.get(field).deepCopy());
            }
        }
    }

    @Override
    public List<FieldError> validate(Unstructured pod) {
        return PodValidation.validateCreate(pod);
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured pod, Unstructured old) {
        return PodValidation.validateUpdate(pod, old);
    }

    /**
     * The QoS class set on create stays when a status write leaves it out, and v1's single and
     * plural IP fields are kept in step as conversion keeps them.
     */
    @Override
    public void prepareForStatusUpdate(Unstructured pod, Unstructured old) {
        ObjectNode status = object(pod.json(), "status");
        if (isUnset(status, "qosClass") && !isUnset(old.json().path("status"), "qosClass")) {
            status.put("qosClass", text(old.json().path("status"), "qosClass"));
        }
        alignIps(status, "podIP", "podIPs");
        alignIps(status, "hostIP", "hostIPs");
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured pod, Unstructured old) {
        return PodValidation.validateStatusUpdate(pod, old);
    }

    /**
     * Upstream's pod {@code ToSelectableFields}, plus {@code spec.host}, which v1 still accepts
     * for spec.nodeName. {@code status.podIPs} is accepted but has no value, as upstream's.
     */
    @Override
    public Map<String, String> selectableFields(Unstructured pod) {
        JsonNode spec = pod.json().path("spec");
        JsonNode status = pod.json().path("status");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("spec.nodeName", text(spec, "nodeName"));
        fields.put("spec.host", text(spec, "nodeName"));
        fields.put("spec.restartPolicy", text(spec, "restartPolicy"));
        fields.put("spec.schedulerName", text(spec, "schedulerName"));
        fields.put("spec.serviceAccountName", text(spec, "serviceAccountName"));
        fields.put("spec.hostNetwork", String.valueOf(spec.path("hostNetwork").asBoolean(false)));
        fields.put("status.phase", text(status, "phase"));
        List<ObjectNode> podIps = objects(status, "podIPs");
        fields.put("status.podIP", podIps.isEmpty() ? text(status, "podIP") : text(podIps.get(0), "ip"));
        fields.put("status.nominatedNodeName", text(status, "nominatedNodeName"));
        return fields;
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("spec.nodeName", "spec.host", "spec.restartPolicy", "spec.schedulerName",
                "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
                "status.nominatedNodeName");
    }

    /**
     * Upstream's {@code CheckGracefulDelete}: the requested period, else the pod's
     * terminationGracePeriodSeconds; 0 for a pod no node runs and for one that has finished;
     * a negative period counts as 1 s.
     */
    @Override
    public long gracePeriodSeconds(Unstructured pod, Long requested) {
        JsonNode spec = pod.json().path("spec");
        long period = requested != null ? requested
                : spec.path("terminationGracePeriodSeconds").asLong(PodDefaults.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
        String phase = text(pod.json().path("status"), "phase");
        if (text(spec, "nodeName").isEmpty() || phase.equals("Failed") || phase.equals("Succeeded")) {
            period = 0;
        }
        return period < 0 ? 1 : period;
    }

    /** A pod whose grace period runs waits for its kubelet, which removes it when the containers stopped. */
    @Override
    public boolean holdsDeletion(Unstructured pod) {
        return pod.metadata().path("deletionGracePeriodSeconds").asLong(0) > 0;
    }

    /**
     * DefaultTolerationSeconds: a pod that does not tolerate the not-ready and unreachable
     * NoExecute taints tolerates them for 300 s, so it moves off a failed node after five minutes.
     */
    private static void addDefaultTolerations(ObjectNode spec) {
        List<ObjectNode> tolerations = objects(spec, "tolerations");
        for (String taint : DEFAULT_TOLERATED_TAINTS) {
            boolean tolerated = tolerations.stream().anyMatch(toleration -> {
                String key = text(toleration, "key");
                String effect = text(toleration, "effect");
                return (key.equals(taint) || key.isEmpty()) && (effect.equals("NoExecute") || effect.isEmpty());
            });
            if (!tolerated) {
                ArrayNode list = spec.get("tolerations") instanceof ArrayNode existing ? existing
                        : spec.putArray("tolerations");
                list.addObject()
                        .put("key", taint)
                        .put("operator", "Exists")
                        .put("effect", "NoExecute")
                        .put("tolerationSeconds", DEFAULT_TOLERATION_SECONDS);
            }
        }
    }

    /** v1 writes the deprecated serviceAccount with the value of serviceAccountName. */
    private static void mirrorServiceAccount(ObjectNode spec) {
        if (isUnset(spec, "serviceAccountName")) {
            spec.remove("serviceAccount");
        } else {
            spec.put("serviceAccount", text(spec, "serviceAccountName"));
        }
    }

    /**
     * v1 conversion of a single IP field and its list: the single one wins when they differ, the
     * list is made from it when empty, and the single one is the list's first.
     */
    private static void alignIps(ObjectNode status, String single, String list) {
        String ip = text(status, single);
        List<ObjectNode> ips = objects(status, list);
        if (!ip.isEmpty() && (ips.isEmpty() || !text(ips.get(0), "ip").equals(ip))) {
            status.putArray(list).addObject().put("ip", ip);
        } else if (ip.isEmpty() && !ips.isEmpty()) {
            status.put(single, text(ips.get(0), "ip"));
        }
    }
}
