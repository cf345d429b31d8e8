package dev.ordinal.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.MetaValidation;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The metadata rules every kind shares: which system fields a create clears and an update keeps
 * (upstream {@code rest.BeforeCreate} / {@code BeforeUpdate}), and the checks of upstream's
 * {@code ValidateObjectMeta} / {@code ValidateObjectMetaUpdate} the registry relies on.
 */
final class ObjectMetaRules {

    private ObjectMetaRules() {
    }

    static void clearSystemFieldsForCreate(Unstructured object) {
        ObjectNode meta = object.metadata();
        meta.remove(List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation", "selfLink"));
    }

    /**
     * Leaves out metadata's empty maps and lists, as a real server does: they are omitempty in Go's
     * ObjectMeta, so {@code "annotations": {}} (what a merge patch removing the last annotation
     * leaves, or what {@code kubectl diff} sends) reads back as no annotations at all.
     */
    static void dropEmptyCollections(Unstructured object) {
        ObjectNode meta = object.metadata();
        for (String field : List.of("labels", "annotations", "ownerReferences", "finalizers", "managedFields")) {
            JsonNode value = meta.get(field);
            if (value != null && (value.isNull() || (value.isContainer() && value.isEmpty()))) {
                meta.remove(field);
            }
        }
    }

    /** Carries over what a client may not change on update; the strategy may then bump generation. */
    static void keepSystemFields(Unstructured updated, Unstructured old, String namespace, String name) {
        ObjectNode meta = updated.metadata();
        ObjectNode oldMeta = old.metadata();
        meta.put("name", name);
        updated.setMeta("namespace", namespace);
        if (updated.uid().isEmpty()) {
            updated.setMeta("uid", old.uid());
        }
        meta.remove("selfLink");
        for (String field : List.of("creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation")) {
            JsonNode value = oldMeta.get(field);
            if (value == null) {
                meta.remove(field);
            } else {
                meta.set(field, value.deepCopy());
            }
        }
    }

    static List<FieldError> validate(ResourceDefinition definition, Unstructured object) {
        List<FieldError> errors = new ArrayList<>();
        String name = object.name();
        if (name.isEmpty()) {
            errors.add(FieldError.required("metadata.name", "name or generateName is required"));
        } else {
            for (String problem : definition.strategy().nameRule().check(name, false)) {
                errors.add(FieldError.invalid("metadata.name", name, problem));
            }
        }
        String generateName = object.generateName();
        if (!generateName.isEmpty()) {
            for (String problem : definition.strategy().nameRule().check(generateName, true)) {
                errors.add(FieldError.invalid("metadata.generateName", generateName, problem));
            }
        }
        if (definition.namespaced() && object.namespace().isEmpty()) {
            errors.add(FieldError.required("metadata.namespace", ""));
        }
        // Upstream's ValidateObjectMeta checks every kind's labels and annotations.
        errors.addAll(MetaValidation.validateLabels(object.metadata().path("labels"), "metadata.labels"));
        Map<String, String> annotations = new TreeMap<>();
        object.metadata().path("annotations").properties()
                .forEach(annotation -> annotations.put(annotation.getKey(), annotation.getValue().asString("")));
        errors.addAll(MetaValidation.validateAnnotations(annotations, "metadata.annotations"));
        JsonNode owners = object.metadata().path("ownerReferences");
        for (int i = 0; i < owners.size(); i++) {
            JsonNode owner = owners.get(i);
            String path = "metadata.ownerReferences[" + i + "]";
            for (String field : List.of("apiVersion", "kind", "name")) {
                if (owner.path(field).asString("").isEmpty()) {
                    errors.add(FieldError.invalid(path + "." + field, owner.path(field).asString(""),
                            field.equals("name") ? "name must not be empty" : field + " must not be empty"));
                }
            }
            if (owner.path("uid").asString("").isEmpty()) {
                errors.add(FieldError.invalid(path + ".uid", "", "uid must not be empty"));
            }
        }
        return errors;
    }

    static List<FieldError> validateUpdate(ResourceDefinition definition, Unstructured updated, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(validate(definition, updated));
        if (!updated.uid().equals(old.uid())) {
            errors.add(FieldError.invalid("metadata.uid", updated.uid(), "field is immutable"));
        }
        return errors;
    }
}
