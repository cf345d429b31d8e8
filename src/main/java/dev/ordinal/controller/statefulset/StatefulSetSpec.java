package dev.ordinal.controller.statefulset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;

/**
 * Reads the fields of a StatefulSet's spec the controller acts on, with the values upstream's
 * defaulting gives absent ones, so a set stored before defaulting reads as a defaulted one would.
 */
final class StatefulSetSpec {

    static final String ORDERED_READY = "OrderedReady";
    static final String PARALLEL = "Parallel";
    static final String ROLLING_UPDATE = "RollingUpdate";
    static final String ON_DELETE = "OnDelete";

    private static final JsonMapper MAPPER = JsonMapper.shared();

    private StatefulSetSpec() {
    }

    static int replicas(Unstructured set) {
        return set.at("spec.replicas").asInt(1);
    }

    /** The first ordinal, {@code spec.ordinals.start} (upstream getStartOrdinal). */
    static int startOrdinal(Unstructured set) {
        return set.at("spec.ordinals.start").asInt(0);
    }

    /** The last ordinal, inclusive (upstream getEndOrdinal). */
    static int endOrdinal(Unstructured set) {
        return startOrdinal(set) + replicas(set) - 1;
    }

    /** Parallel pod management lifts the ordering guarantees (upstream allowsBurst). */
    static boolean allowsBurst(Unstructured set) {
        return PARALLEL.equals(set.at("spec.podManagementPolicy").asString(ORDERED_READY));
    }

    static String updateStrategyType(Unstructured set) {
        return set.at("spec.updateStrategy.type").asString(ROLLING_UPDATE);
    }

    static boolean isRollingUpdate(Unstructured set) {
        return ROLLING_UPDATE.equals(updateStrategyType(set));
    }

    static boolean isOnDelete(Unstructured set) {
        return ON_DELETE.equals(updateStrategyType(set));
    }

    /**
     * Whether {@code spec.updateStrategy.rollingUpdate} is present: without it the revision of a
     * recreated pod follows {@code status.currentReplicas} instead of the partition.
     */
    static boolean hasRollingUpdate(Unstructured set) {
        return set.at("spec.updateStrategy.rollingUpdate").isObject();
    }

    static int partition(Unstructured set) {
        return set.at("spec.updateStrategy.rollingUpdate.partition").asInt(0);
    }

    /** {@code rollingUpdate.maxUnavailable}, an int or a percentage, or a missing node. */
    static JsonNode maxUnavailable(Unstructured set) {
        return set.at("spec.updateStrategy.rollingUpdate.maxUnavailable");
    }

    static int minReadySeconds(Unstructured set) {
        return set.at("spec.minReadySeconds").asInt(0);
    }

    static int revisionHistoryLimit(Unstructured set) {
        return set.at("spec.revisionHistoryLimit").asInt(10);
    }

    static String serviceName(Unstructured set) {
        return set.at("spec.serviceName").asString("");
    }

    static ObjectNode template(Unstructured set) {
        JsonNode template = set.at("spec.template");
        return template.isObject() ? (ObjectNode) template : JsonNodeFactory.instance.objectNode();
    }

    static List<ObjectNode> volumeClaimTemplates(Unstructured set) {
        List<ObjectNode> templates = new ArrayList<>();
        set.at("spec.volumeClaimTemplates").forEach(t -> {
            if (t.isObject()) {
                templates.add((ObjectNode) t);
            }
        });
        return templates;
    }

    /** The retention policy, Retain for both when unset (upstream getPersistentVolumeClaimRetentionPolicy). */
    static RetentionPolicy retentionPolicy(Unstructured set) {
        JsonNode policy = set.at("spec.persistentVolumeClaimRetentionPolicy");
        return new RetentionPolicy(policy.path("whenDeleted").asString(RetentionPolicy.RETAIN),
                policy.path("whenScaled").asString(RetentionPolicy.RETAIN));
    }

    /** The selector as upstream's LabelSelectorAsSelector reads it: absent selects nothing. */
    static LabelSelector selector(Unstructured set) {
        JsonNode selector = set.at("spec.selector");
        if (!selector.isObject()) {
            return LabelSelector.nothing();
        }
        return LabelSelector.fromLabelSelector(
                MAPPER.treeToValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class));
    }

    static Map<String, String> matchLabels(Unstructured set) {
        Map<String, String> labels = new LinkedHashMap<>();
        set.at("spec.selector.matchLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return labels;
    }

    /** {@code spec.persistentVolumeClaimRetentionPolicy}: what happens to claims on scale-down and set deletion. */
    record RetentionPolicy(String whenDeleted, String whenScaled) {

        static final String RETAIN = "Retain";
        static final String DELETE = "Delete";

        boolean deleteWhenDeleted() {
            return DELETE.equals(whenDeleted);
        }

        boolean deleteWhenScaled() {
            return DELETE.equals(whenScaled);
        }

        boolean retainsAll() {
            return !deleteWhenDeleted() && !deleteWhenScaled();
        }
    }
}
