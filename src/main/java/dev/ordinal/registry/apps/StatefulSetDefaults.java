package dev.ordinal.registry.apps;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.registry.core.CoreV1Defaults;

/**
 * A StatefulSet's defaults as the v1.32 apiserver gives them when it decodes a create or update
 * body: upstream {@code SetObjectDefaults_StatefulSet}, i.e. {@code SetDefaults_StatefulSet} with
 * the default feature gates, the pod template's and each claim template's core/v1 defaults, and
 * what the apps/v1 conversion and Go's serialisation add to every object.
 */
final class StatefulSetDefaults {

    private StatefulSetDefaults() {
    }

    static void apply(ObjectNode statefulSet) {
        ObjectNode spec = struct(statefulSet, "spec");
        if (spec == null) {
            return;
        }
        if (isEmpty(spec.get("podManagementPolicy"))) {
            spec.put("podManagementPolicy", "OrderedReady");
        }
        applyToUpdateStrategy(spec);
        applyToRetentionPolicy(spec);
        if (isNull(spec.get("replicas"))) {
            spec.put("replicas", 1);
        }
        if (isNull(spec.get("revisionHistoryLimit"))) {
            spec.put("revisionHistoryLimit", 10);
        }
        // serviceName has no omitempty in v1.32, so even an unset one reads "".
        if (isNull(spec.get("serviceName"))) {
            spec.put("serviceName", "");
        }
        ObjectNode template = struct(spec, "template");
        if (template != null) {
            CoreV1Defaults.applyToPodTemplateSpec(template);
        }
        JsonNode claimTemplates = spec.get("volumeClaimTemplates");
        if (claimTemplates != null && claimTemplates.isArray()) {
            claimTemplates.forEach(claim -> {
                if (claim instanceof ObjectNode claimTemplate) {
                    applyToClaimTemplate(claimTemplate);
                }
            });
        }
    }

    /**
     * Only an unset type brings a rollingUpdate block with it: a client that names RollingUpdate
     * without one keeps none, and so has no partition. MaxUnavailableStatefulSet is off in v1.32,
     * so maxUnavailable gets no default.
     */
    private static void applyToUpdateStrategy(ObjectNode spec) {
        ObjectNode strategy = struct(spec, "updateStrategy");
        if (strategy == null) {
            return;
        }
        if (isEmpty(strategy.get("type"))) {
            strategy.put("type", "RollingUpdate");
            if (isNull(strategy.get("rollingUpdate"))) {
                strategy.putObject("rollingUpdate");
            }
        }
        if (strategy.path("type").asString("").equals("RollingUpdate")
                && strategy.get("rollingUpdate") instanceof ObjectNode rollingUpdate
                && isNull(rollingUpdate.get("partition"))) {
            rollingUpdate.put("partition", 0);
        }
    }

    /** StatefulSetAutoDeletePVC is GA in v1.32: every set shows both policies. */
    private static void applyToRetentionPolicy(ObjectNode spec) {
        JsonNode current = spec.get("persistentVolumeClaimRetentionPolicy");
        ObjectNode policy = isNull(current) ? spec.putObject("persistentVolumeClaimRetentionPolicy")
                : current instanceof ObjectNode object ? object : null;
        if (policy == null) {
            return;
        }
        for (String when : new String[] {"whenDeleted", "whenScaled"}) {
            if (isEmpty(policy.get(when))) {
                policy.put(when, "Retain");
            }
        }
    }

    /**
     * A claim template gets a claim's defaults, and the apps/v1 conversion writes apiVersion v1 and
     * kind PersistentVolumeClaim onto every one (upstream issue 87583).
     */
    private static void applyToClaimTemplate(ObjectNode claim) {
        claim.put("apiVersion", "v1");
        claim.put("kind", "PersistentVolumeClaim");
        ObjectNode metadata = struct(claim, "metadata");
        if (metadata != null && !metadata.has("creationTimestamp")) {
            metadata.putNull("creationTimestamp");
        }
        CoreV1Defaults.applyToPersistentVolumeClaim(claim);
    }

    /** A struct-typed field, which Go always has: put there empty when unset; null if not an object. */
    private static ObjectNode struct(ObjectNode parent, String field) {
        JsonNode value = parent.get(field);
        if (isNull(value)) {
            return parent.putObject(field);
        }
        return value instanceof ObjectNode object ? object : null;
    }

    private static boolean isNull(JsonNode value) {
        return value == null || value.isNull();
    }

    private static boolean isEmpty(JsonNode value) {
        return isNull(value) || value.isString() && value.asString().isEmpty();
    }
}
