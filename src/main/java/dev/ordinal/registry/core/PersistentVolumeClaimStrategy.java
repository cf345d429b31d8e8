package dev.ordinal.registry.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.copy;
import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * PersistentVolumeClaims (upstream {@code pkg/registry/core/persistentvolumeclaim}): volumeMode
 * Filesystem, status Pending on create, and {@code ValidatePersistentVolumeClaim(Update)}: a
 * claim's spec is fixed once created, except that it may be bound to a volume once, a claim
 * without a class may get one, and a bound claim may grow.
 */
final class PersistentVolumeClaimStrategy implements Strategy {

    static final String BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    @Override
    public void applyDefaults(Unstructured claim) {
        ObjectNode spec = object(claim.json(), "spec");
        defaultText(spec, "volumeMode", "Filesystem");
        // Go writes the resources struct even when empty.
        object(spec, "resources");
    }

    @Override
    public void prepareForCreate(Unstructured claim) {
        claim.json().putObject("status").put("phase", "Pending");
    }

    @Override
    public List<FieldError> validate(Unstructured claim) {
        return VolumeValidation.claimSpec(claim.json().path("spec"), "spec");
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured claim, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(validate(claim));
        JsonNode spec = claim.json().path("spec");
        JsonNode oldSpec = old.json().path("spec");
        errors.addAll(specChanges(claim, old));
        BigDecimal size = storage(spec);
        BigDecimal oldSize = storage(oldSpec);
        JsonNode capacity = old.json().path("status").path("capacity").path("storage");
        BigDecimal capacitySize = capacity.isMissingNode() ? BigDecimal.ZERO : Quantities.amount(capacity);
        // RecoverVolumeExpansionFailure (beta, on in 1.32): a claim may shrink back, but not to its capacity.
        if (size != null && oldSize != null && capacitySize != null && size.compareTo(oldSize) < 0
                && size.compareTo(capacitySize) <= 0) {
            errors.add(FieldError.forbidden("spec.resources.requests.storage",
                    "field can not be less than status.capacity"));
        }
        if (!text(spec, "volumeMode").equals(text(oldSpec, "volumeMode"))) {
            // Upstream names this field without its spec prefix.
            errors.add(FieldError.invalid("volumeMode", text(spec, "volumeMode"), "field is immutable"));
        }
        return errors;
    }

    /**
     * The spec compared with the stored one after setting aside what may change: the volume name
     * while unbound, a class given to a claim without one (the volume controller assigns the
     * default class, and a class from the beta annotation moves into the field), and the storage
     * request and attributes class of a bound claim.
     */
    private static List<FieldError> specChanges(Unstructured claim, Unstructured old) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = claim.json().path("spec");
        JsonNode oldSpec = old.json().path("spec");
        ObjectNode newClone = spec instanceof ObjectNode object ? object.deepCopy() : claim.json().objectNode();
        ObjectNode oldClone = oldSpec instanceof ObjectNode object ? object.deepCopy() : claim.json().objectNode();
        if (isUnset(oldSpec, "volumeName")) {
            copy(newClone, oldClone, "volumeName");
        }
        String annotation = claim.annotations().get(BETA_STORAGE_CLASS_ANNOTATION);
        String oldAnnotation = old.annotations().get(BETA_STORAGE_CLASS_ANNOTATION);
        String storageClass = text(spec, "storageClassName");
        boolean classAdded = hasStorageClass(spec) && !hasStorageClass(oldSpec);
        if (classAdded && storageClass.equals(oldAnnotation)
                && (annotation == null || annotation.equals(oldAnnotation))) {
            newClone.remove("storageClassName");
        } else {
            String value = annotation == null ? "" : annotation;
            if (!value.equals(oldAnnotation == null ? "" : oldAnnotation)) {
                errors.add(FieldError.invalid("metadata.annotations." + BETA_STORAGE_CLASS_ANNOTATION, value,
                        "field is immutable"));
            }
            if (classAdded && (oldAnnotation == null || storageClass.equals(oldAnnotation))) {
                newClone.remove("storageClassName");
            }
        }
        if (text(claim.json().path("status"), "phase").equals("Bound")) {
            if (newClone.path("resources").get("requests") instanceof ObjectNode requests) {
                copy(oldSpec.path("resources").path("requests"), requests, "storage");
            }
            if (newClone.has("volumeAttributesClassName")) {
                copy(oldClone, newClone, "volumeAttributesClassName");
            }
        }
        if (!SemanticEquality.equal(newClone, oldClone)) {
            errors.add(FieldError.forbidden("spec", "spec is immutable after creation except resources.requests and "
                    + "volumeAttributesClassName for bound claims"));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured claim, Unstructured old) {
        List<FieldError> errors = new ArrayList<>();
        if (claim.json().path("spec").path("accessModes").isEmpty()) {
            // Upstream capitalises this path.
            errors.add(FieldError.required("Spec.accessModes", ""));
        }
        claim.json().path("status").path("capacity").properties().forEach(entry -> errors.addAll(
                Quantities.nonNegative("status.capacity[" + entry.getKey() + "]", entry.getValue())));
        return errors;
    }

    private static boolean hasStorageClass(JsonNode spec) {
        return spec.has("storageClassName") && !spec.get("storageClassName").isNull();
    }

    private static BigDecimal storage(JsonNode spec) {
        JsonNode storage = spec.path("resources").path("requests").get("storage");
        return storage == null ? null : Quantities.amount(storage);
    }
}
