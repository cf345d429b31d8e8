package dev.ordinal.registry.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;

import static dev.ordinal.machinery.MetaValidation.validateAnnotations;
import static dev.ordinal.machinery.MetaValidation.validateLabelSelector;
import static dev.ordinal.machinery.MetaValidation.validateLabels;
import static dev.ordinal.machinery.MetaValidation.validateNonnegative;

/**
 * Upstream's StatefulSet validation ({@code pkg/apis/apps/validation}) as of v1.32, with its field
 * paths and messages. Checks read the typed view; bad values that upstream prints as Go structures
 * are rendered from the JSON, which still tells an absent map from an empty one. Metadata is left
 * to the generic registry.
 *
 * <p>As upstream, the pod template is not validated as a pod: beyond its labels, annotations,
 * restartPolicy and activeDeadlineSeconds, problems in it surface only when the controller's pod
 * creation is rejected.
 */
final class StatefulSetValidation {

    /** The message of the one error an update of an immutable spec field gets, as v1.32 words it. */
    static final String IMMUTABLE_SPEC = "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
            + "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    /** The spec fields an update may change (upstream {@code ValidateStatefulSetUpdate}). */
    private static final List<String> MUTABLE_SPEC_FIELDS = List.of("replicas", "ordinals", "template",
            "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");
    private static final List<String> RETENTION_POLICIES = List.of("Retain", "Delete");

    private StatefulSetValidation() {
    }

    /** Upstream {@code ValidateStatefulSetSpec}. */
    static List<FieldError> validateSpec(StatefulSet statefulSet, ObjectNode json) {
        StatefulSetSpec spec = statefulSet.getSpec();
        JsonNode specJson = json.path("spec");
        List<FieldError> errors = new ArrayList<>();
        String podManagementPolicy = Objects.requireNonNullElse(spec.getPodManagementPolicy(), "");
        switch (podManagementPolicy) {
            case "" -> errors.add(FieldError.required("spec.podManagementPolicy", ""));
            case "OrderedReady", "Parallel" -> { }
            default -> errors.add(FieldError.invalid("spec.podManagementPolicy", podManagementPolicy,
                    "must be 'OrderedReady' or 'Parallel'"));
        }
        errors.addAll(validateUpdateStrategy(spec.getUpdateStrategy(), specJson.path("updateStrategy")));
        errors.addAll(validateRetentionPolicy(spec.getPersistentVolumeClaimRetentionPolicy()));
        errors.addAll(validateNonnegative(orZero(spec.getReplicas()), "spec.replicas"));
        errors.addAll(validateNonnegative(orZero(spec.getMinReadySeconds()), "spec.minReadySeconds"));
        if (spec.getOrdinals() != null) {
            errors.addAll(validateNonnegative(orZero(spec.getOrdinals().getStart()), "spec.ordinals.start"));
        }
        if (spec.getSelector() == null) {
            errors.add(FieldError.required("spec.selector", ""));
        } else {
            errors.addAll(validateLabelSelector(spec.getSelector(), "spec.selector"));
            if (isEmpty(spec.getSelector())) {
                errors.add(FieldError.invalid("spec.selector", GoSyntax.labelSelector(specJson.path("selector")),
                        "empty selector is invalid for statefulset"));
            }
        }
        PodTemplateSpec template = Objects.requireNonNullElseGet(spec.getTemplate(), PodTemplateSpec::new);
        try {
            LabelSelector selector = LabelSelector.fromLabelSelector(spec.getSelector());
            errors.addAll(validateTemplate(template, selector, specJson.path("template")));
        } catch (InvalidSelectorException e) {
            errors.add(FieldError.invalid("spec.selector", GoSyntax.labelSelector(specJson.path("selector")), ""));
        }
        PodSpec podSpec = Objects.requireNonNullElseGet(template.getSpec(), PodSpec::new);
        String restartPolicy = Objects.requireNonNullElse(podSpec.getRestartPolicy(), "");
        if (!restartPolicy.equals("Always")) {
            errors.add(FieldError.notSupported("spec.template.spec.restartPolicy", restartPolicy, List.of("Always")));
        }
        if (podSpec.getActiveDeadlineSeconds() != null) {
            errors.add(FieldError.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in StatefulSet is not Supported"));
        }
        return errors;
    }

    private static boolean isEmpty(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    private static List<FieldError> validateUpdateStrategy(StatefulSetUpdateStrategy strategy, JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        String type = strategy == null ? "" : Objects.requireNonNullElse(strategy.getType(), "");
        switch (type) {
            case "" -> errors.add(FieldError.required("spec.updateStrategy", ""));
            case "OnDelete" -> {
                if (strategy.getRollingUpdate() != null) {
                    errors.add(FieldError.invalid("spec.updateStrategy.rollingUpdate",
                            GoSyntax.rollingUpdate(json.path("rollingUpdate")),
                            "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            case "RollingUpdate" -> {
                if (strategy.getRollingUpdate() != null) {
                    errors.addAll(validateNonnegative(orZero(strategy.getRollingUpdate().getPartition()),
                            "spec.updateStrategy.rollingUpdate.partition"));
                }
            }
            default -> errors.add(FieldError.invalid("spec.updateStrategy", GoSyntax.updateStrategy(json),
                    "must be 'RollingUpdate' or 'OnDelete'"));
        }
        return errors;
    }

    private static List<FieldError> validateRetentionPolicy(StatefulSetPersistentVolumeClaimRetentionPolicy policy) {
        List<FieldError> errors = new ArrayList<>();
        if (policy != null) {
            String whenDeleted = Objects.requireNonNullElse(policy.getWhenDeleted(), "");
            String whenScaled = Objects.requireNonNullElse(policy.getWhenScaled(), "");
            if (!RETENTION_POLICIES.contains(whenDeleted)) {
                errors.add(FieldError.notSupported("spec.persistentVolumeClaimRetentionPolicy.whenDeleted",
                        whenDeleted, RETENTION_POLICIES));
            }
            if (!RETENTION_POLICIES.contains(whenScaled)) {
                errors.add(FieldError.notSupported("spec.persistentVolumeClaimRetentionPolicy.whenScaled",
                        whenScaled, RETENTION_POLICIES));
            }
        }
        return errors;
    }

    /**
     * Upstream {@code ValidatePodTemplateSpecForStatefulSet}. Its label and annotation paths leave
     * out the {@code metadata} segment ({@code spec.template.labels}), as upstream's do.
     */
    private static List<FieldError> validateTemplate(PodTemplateSpec template, LabelSelector selector, JsonNode json) {
        List<FieldError> errors = new ArrayList<>();
        ObjectMeta metadata = Objects.requireNonNullElseGet(template.getMetadata(), ObjectMeta::new);
        if (!selector.isEmpty() && !selector.matches(metadata.getLabels())) {
            errors.add(FieldError.invalid("spec.template.metadata.labels",
                    GoSyntax.stringMap(json.path("metadata").path("labels")),
                    "`selector` does not match template `labels`"));
        }
        errors.addAll(validateLabels(metadata.getLabels(), "spec.template.labels"));
        errors.addAll(validateAnnotations(metadata.getAnnotations(), "spec.template.annotations"));
        return errors;
    }

    /**
     * Upstream {@code ValidateStatefulSetUpdate}: the new spec must be valid, and only the mutable
     * fields may differ from the old one. Both sides are defaulted, so an omitted field that
     * defaults to the stored value counts as unchanged, while one whose default differs (say
     * revisionHistoryLimit 5 left out, defaulting to 10) counts as changed.
     */
    static List<FieldError> validateUpdate(StatefulSet statefulSet, ObjectNode json, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(validateSpec(statefulSet, json));
        if (!immutableSpec(json).equals(immutableSpec(old))) {
            errors.add(FieldError.forbidden("spec", IMMUTABLE_SPEC));
        }
        return errors;
    }

    /**
     * The spec without its mutable fields, compared as upstream's semantic equality compares:
     * a nil and an empty list or map are equal, so nulls and empty lists are left out.
     */
    private static JsonNode immutableSpec(ObjectNode statefulSet) {
        JsonNode spec = statefulSet.path("spec");
        if (!(spec instanceof ObjectNode object)) {
            return spec;
        }
        ObjectNode immutable = object.deepCopy();
        immutable.remove(MUTABLE_SPEC_FIELDS);
        return withoutEmpty(immutable);
    }

    private static JsonNode withoutEmpty(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode result = object.objectNode();
            object.properties().forEach(field -> {
                JsonNode value = field.getValue();
                if (!value.isNull() && !(value.isArray() && value.isEmpty())) {
                    result.set(field.getKey(), withoutEmpty(value));
                }
            });
            return result;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode result = array.arrayNode();
            array.forEach(element -> result.add(withoutEmpty(element)));
            return result;
        }
        return node;
    }

    /** Upstream {@code ValidateStatefulSetStatusUpdate}. */
    static List<FieldError> validateStatusUpdate(StatefulSetStatus status, StatefulSetStatus old) {
        List<FieldError> errors = new ArrayList<>();
        StatefulSetStatus current = Objects.requireNonNullElseGet(status, StatefulSetStatus::new);
        int replicas = orZero(current.getReplicas());
        int ready = orZero(current.getReadyReplicas());
        int currentReplicas = orZero(current.getCurrentReplicas());
        int updated = orZero(current.getUpdatedReplicas());
        int available = orZero(current.getAvailableReplicas());
        errors.addAll(validateNonnegative(replicas, "status.replicas"));
        errors.addAll(validateNonnegative(ready, "status.readyReplicas"));
        errors.addAll(validateNonnegative(currentReplicas, "status.currentReplicas"));
        errors.addAll(validateNonnegative(updated, "status.updatedReplicas"));
        errors.addAll(validateNonnegative(available, "status.availableReplicas"));
        if (current.getObservedGeneration() != null) {
            errors.addAll(validateNonnegative(current.getObservedGeneration(), "status.observedGeneration"));
        }
        if (current.getCollisionCount() != null) {
            errors.addAll(validateNonnegative(current.getCollisionCount(), "status.collisionCount"));
        }
        String notAboveReplicas = "cannot be greater than status.replicas";
        if (ready > replicas) {
            errors.add(FieldError.invalid("status.readyReplicas", (long) ready, notAboveReplicas));
        }
        if (currentReplicas > replicas) {
            errors.add(FieldError.invalid("status.currentReplicas", (long) currentReplicas, notAboveReplicas));
        }
        if (updated > replicas) {
            errors.add(FieldError.invalid("status.updatedReplicas", (long) updated, notAboveReplicas));
        }
        if (available > replicas) {
            errors.add(FieldError.invalid("status.availableReplicas", (long) available, notAboveReplicas));
        }
        if (available > ready) {
            errors.add(FieldError.invalid("status.availableReplicas", (long) available,
                    "cannot be greater than status.readyReplicas"));
        }
        Integer collisionCount = current.getCollisionCount();
        Integer oldCollisionCount = old == null ? null : old.getCollisionCount();
        if (oldCollisionCount != null && (collisionCount == null || collisionCount < oldCollisionCount)) {
            errors.add(FieldError.invalid("status.collisionCount", (long) orZero(collisionCount),
                    "cannot be decremented"));
        }
        return errors;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
