package dev.ordinal.controller.daemon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.machinery.JsonFields.object;

/**
 * What a daemon pod looks like and what the controller reads from one (upstream
 * {@code pkg/controller/daemon/util/daemonset_util.go}): the tolerations every daemon pod gets, the
 * revision and template generation labels, the node affinity that binds it to its node, and which
 * node a pod is meant for.
 */
final class DaemonPods {

    /** The label naming the ControllerRevision a pod was made from (upstream DefaultDaemonSetUniqueLabelKey). */
    static final String HASH_LABEL = "controller-revision-hash";
    /** The label of the template generation a pod was made from (upstream DaemonSetTemplateGenerationKey). */
    static final String GENERATION_LABEL = "pod-template-generation";
    /** Where apps/v1 keeps a DaemonSet's template generation (upstream DeprecatedTemplateGeneration). */
    static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

    /**
     * Upstream {@code podByCreationTimestampAndPhase}: scheduled pods first, then the oldest, then
     * by name.
     */
    static final Comparator<Unstructured> OLDEST_FIRST = Comparator
            .comparing((Unstructured pod) -> nodeName(pod).isEmpty())
            .thenComparing(pod -> pod.metadata().path("creationTimestamp").asString(""))
            .thenComparing(Unstructured::name);

    private DaemonPods() {
    }

    /**
     * The template every pod of the set is made from (upstream {@code CreatePodTemplate}): the
     * set's template with the daemon tolerations and the generation and revision labels.
     */
    static ObjectNode template(Unstructured daemonSet, String hash) {
        JsonNode stored = daemonSet.at("spec.template");
        ObjectNode template = stored.isObject() ? (ObjectNode) stored.deepCopy() : JsonNodeFactory.instance.objectNode();
        addDaemonTolerations(object(template, "spec"));
        ObjectNode labels = object(object(template, "metadata"), "labels");
        Long generation = templateGeneration(daemonSet);
        if (generation != null) {
            labels.put(GENERATION_LABEL, String.valueOf(generation));
        }
        if (!hash.isEmpty()) {
            labels.put(HASH_LABEL, hash);
        }
        return template;
    }

    /**
     * The template bound to one node (upstream {@code ReplaceDaemonSetPodNodeNameNodeAffinity}):
     * the required node affinity becomes the single term {@code metadata.name In [node]}, whatever
     * required terms the template had; preferred terms stay.
     */
    static ObjectNode forNode(ObjectNode template, String nodeName) {
        ObjectNode pod = template.deepCopy();
        ObjectNode nodeAffinity = object(object(object(pod, "spec"), "affinity"), "nodeAffinity");
        ObjectNode term = JsonNodeFactory.instance.objectNode();
        term.putArray("matchFields").addObject()
                .put("key", "metadata.name")
                .put("operator", "In")
                .putArray("values").add(nodeName);
        object(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution").putArray("nodeSelectorTerms").add(term);
        return pod;
    }

    /**
     * Upstream {@code AddOrUpdateDaemonPodTolerations}: daemon pods stay on nodes that are not
     * ready or unreachable, and tolerate the taints of node conditions; with hostNetwork, an
     * unavailable network too.
     */
    static void addDaemonTolerations(ObjectNode podSpec) {
        addOrUpdate(podSpec, "node.kubernetes.io/not-ready", "NoExecute");
        addOrUpdate(podSpec, "node.kubernetes.io/unreachable", "NoExecute");
        addOrUpdate(podSpec, "node.kubernetes.io/disk-pressure", "NoSchedule");
        addOrUpdate(podSpec, "node.kubernetes.io/memory-pressure", "NoSchedule");
        addOrUpdate(podSpec, "node.kubernetes.io/pid-pressure", "NoSchedule");
        addOrUpdate(podSpec, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (podSpec.path("hostNetwork").asBoolean(false)) {
            addOrUpdate(podSpec, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
    }

    /**
     * Upstream {@code AddOrUpdateTolerationInPodSpec} for an {@code Exists} toleration: one with the
     * same key, operator, value and effect is replaced in place (losing any tolerationSeconds),
     * otherwise it is appended.
     */
    private static void addOrUpdate(ObjectNode podSpec, String key, String effect) {
        ObjectNode toleration = JsonNodeFactory.instance.objectNode()
                .put("key", key).put("operator", "Exists").put("effect", effect);
        List<JsonNode> tolerations = new ArrayList<>();
        podSpec.path("tolerations").forEach(tolerations::add);
        boolean replaced = false;
        for (int i = 0; i < tolerations.size(); i++) {
            JsonNode existing = tolerations.get(i);
            if (key.equals(existing.path("key").asString("")) && "Exists".equals(existing.path("operator").asString(""))
                    && existing.path("value").asString("").isEmpty()
                    && effect.equals(existing.path("effect").asString(""))) {
                tolerations.set(i, toleration);
                replaced = true;
            }
        }
        if (!replaced) {
            tolerations.add(toleration);
        }
        ArrayNode array = podSpec.putArray("tolerations");
        tolerations.forEach(array::add);
    }

    /**
     * The node a pod is meant for (upstream {@code GetTargetNodeName}): its nodeName, or before it
     * is scheduled the one node its required affinity names; null when it names none.
     */
    static String targetNodeName(Unstructured pod) {
        if (!nodeName(pod).isEmpty()) {
            return nodeName(pod);
        }
        JsonNode terms = pod.at("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                + ".nodeSelectorTerms");
        for (JsonNode term : terms) {
            for (JsonNode field : term.path("matchFields")) {
                if ("metadata.name".equals(field.path("key").asString("")) && "In".equals(field.path("operator").asString(""))
                        && field.path("values").size() == 1) {
                    return field.path("values").get(0).asString("");
                }
            }
        }
        return null;
    }

    /**
     * Whether a pod was made from the set's current template (upstream {@code IsPodUpdated}): its
     * revision label is the current hash, or its generation label the current template generation.
     */
    static boolean isUpdated(Unstructured pod, String hash, Long generation) {
        boolean generationMatches = generation != null
                && String.valueOf(generation).equals(pod.labels().get(GENERATION_LABEL));
        boolean hashMatches = !hash.isEmpty() && hash.equals(pod.labels().get(HASH_LABEL));
        return hashMatches || generationMatches;
    }

    /** The set's template generation, null when the annotation is missing or no number (upstream GetTemplateGeneration). */
    static Long templateGeneration(Unstructured daemonSet) {
        String value = daemonSet.annotations().get(TEMPLATE_GENERATION);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Upstream {@code IsPodTerminal}: Failed or Succeeded. */
    static boolean isTerminal(Unstructured pod) {
        String phase = pod.at("status.phase").asString("");
        return phase.equals("Failed") || phase.equals("Succeeded");
    }

    static String nodeName(Unstructured pod) {
        return pod.at("spec.nodeName").asString("");
    }
}
