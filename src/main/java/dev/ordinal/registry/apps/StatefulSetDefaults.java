package dev.ordinal.registry.apps;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.registry.core.CoreV1Defaults;

import static dev.ordinal.machinery.JsonFields.isNull;
import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.struct;

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
        if (isUnset(spec, "podManagementPolicy")) {
            spec.put("podManagementPolicy", "OrderedReady");
        }
        applyToUpdateStrategy(spec);
        applyToRetentionPolicy(spec);
        if (isNull(spec, "replicas")) {
            spec.put("replicas", 1);
        }
        if (isNull(spec, "revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        // serviceName has no omitempty in v1.32, so even an unset one reads "".
        if (isNull(spec, "serviceName")) {
            spec.put("serviceName", "");
        }
        ObjectNode template = struct(spec, "template");
        if (template != null) {
            CoreV1Defaults.applyToPodTemplateSpec(template);
        }
        objects(spec, "volumeClaimTemplates").forEach(StatefulSetDefaults::applyToClaimTemplate);
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
        if (isUnset(strategy, "type")) {
            strategy.put("type", "RollingUpdate");
            if (isNull(strategy, "rollingUpdate")) {
                strategy.putObject("rollingUpdate");
            }
        }
        if (strategy.path("type").asString("").equals("RollingUpdate")
                && strategy.get("rollingUpdate") instanceof ObjectNode rollingUpdate
                && isNull(rollingUpdate, "partition")) {
            rollingUpdate.put("partition", 0);
        }
    }

    /** StatefulSetAutoDeletePVC is GA in v1.32: every set shows both policies. */
    private static void applyToRetentionPolicy(ObjectNode spec) {
        ObjectNode policy = struct(spec, "persistentVolumeClaimRetentionPolicy");
        if (policy == null) {
            return;
        }
        for (String when : new String[] {"whenDeleted", "whenScaled"}) {
            if (isUnset(policy, when)) {
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
}
