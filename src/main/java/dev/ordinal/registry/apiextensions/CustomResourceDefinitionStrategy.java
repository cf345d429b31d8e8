package dev.ordinal.registry.apiextensions;

import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoBase64;
import dev.ordinal.registry.rest.Strategy;

/**
 * Upstream's {@code customresourcedefinition} strategy and v1 defaults: singular and listKind
 * from the kind, conversion {@code None}; a new CRD starts with no conditions and its storage
 * version as the only stored version; an update appends a new storage version to the stored
 * ones; generation counts changes of spec. The first delete only marks the CRD and adds the
 * {@code customresourcecleanup.apiextensions.k8s.io} finalizer, with {@code Terminating} true,
 * so its instances are deleted before it goes (upstream's {@code REST.Delete}).
 */
final class CustomResourceDefinitionStrategy implements Strategy {

    @Override
    public void applyDefaults(Unstructured object) {
        JsonNode specNode = object.json().path("spec");
        if (!(specNode instanceof ObjectNode spec)) {
            return;
        }
        // Decoded as the []byte it is upstream: no base64, no CRD (400); base64 without PEM is stored.
        JsonNode caBundle = spec.path("conversion").path("webhook").path("clientConfig").path("caBundle");
        if (caBundle.isString()) {
            GoBase64.illegalAt(caBundle.asString()).ifPresent(index -> {
                throw StatusError.badRequest("CustomResourceDefinition in version \"v1\" cannot be handled as a "
                        + "CustomResourceDefinition: illegal base64 data at input byte " + index);
            });
        }
        JsonNode namesNode = spec.path("names");
        if (namesNode instanceof ObjectNode names) {
            String kind = names.path("kind").asString("");
            if (names.path("singular").asString("").isEmpty() && !kind.isEmpty()) {
                names.put("singular", kind.toLowerCase(Locale.ROOT));
            }
            if (names.path("listKind").asString("").isEmpty() && !kind.isEmpty()) {
                names.put("listKind", kind + "List");
            }
        }
        if (!spec.path("conversion").isObject()) {
            spec.putObject("conversion").put("strategy", "None");
        }
    }

    @Override
    public void prepareForCreate(Unstructured object) {
        ObjectNode status = object.json().putObject("status");
        status.putNull("conditions");
        status.putObject("acceptedNames").put("plural", "").put("kind", "");
        ArrayNode stored = status.putArray("storedVersions");
        CustomResourceDefinitions.storageVersion(object.json().path("spec")).ifPresent(stored::add);
    }

    @Override
    public void prepareForUpdate(Unstructured object, Unstructured old) {
        CustomResourceDefinitions.storageVersion(object.json().path("spec")).ifPresent(storage -> {
            ObjectNode status = object.json().withObject("status");
            JsonNode existing = status.get("storedVersions");
            ArrayNode stored = existing instanceof ArrayNode array ? array : status.putArray("storedVersions");
            for (JsonNode version : stored) {
                if (version.asString("").equals(storage)) {
                    return;
                }
            }
            stored.add(storage);
        });
    }

    @Override
    public List<FieldError> validate(Unstructured object) {
        return CustomResourceDefinitionValidation.validate(object);
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured object, Unstructured old) {
        return CustomResourceDefinitionValidation.validateUpdate(object, old);
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured object, Unstructured old) {
        return CustomResourceDefinitionValidation.validateStatusUpdate(object);
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    /** A CRD not yet marked for deletion is only marked by a delete; then its finalizers hold it. */
    @Override
    public boolean holdsDeletion(Unstructured object) {
        return !object.isBeingDeleted();
    }

    /** Called once the registry set deletionTimestamp, which the condition's transition time takes. */
    @Override
    public void prepareForDelete(Unstructured object) {
        if (!object.finalizers().contains(CustomResourceDefinitions.CLEANUP_FINALIZER)) {
            object.metadata().withArray("finalizers").add(CustomResourceDefinitions.CLEANUP_FINALIZER);
        }
        CustomResourceDefinitions.setCondition(object.json(), "Terminating", "True", "InstanceDeletionPending",
                "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon",
                object.deletionTimestamp());
    }
}
