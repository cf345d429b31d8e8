package dev.ordinal.registry.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;
import dev.ordinal.registry.core.SemanticEquality;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * StorageClasses (upstream {@code pkg/registry/storage/storageclass}): reclaim policy Delete and
 * binding mode Immediate by default, a provisioner, and no change to provisioner, parameters,
 * reclaim policy or binding mode once created.
 */
final class StorageClassStrategy implements Strategy {

    private static final List<String> RECLAIM_POLICIES = List.of("Delete", "Retain");
    private static final List<String> BINDING_MODES = List.of("Immediate", "WaitForFirstConsumer");
    private static final int MAX_PARAMETERS = 512;
    private static final int MAX_PARAMETERS_SIZE = 256 * 1024;

    @Override
    public void applyDefaults(Unstructured storageClass) {
        defaultText(storageClass.json(), "reclaimPolicy", "Delete");
        defaultText(storageClass.json(), "volumeBindingMode", "Immediate");
    }

    @Override
    public List<FieldError> validate(Unstructured storageClass) {
        ObjectNode json = storageClass.json();
        List<FieldError> errors = new ArrayList<>();
        String provisioner = text(json, "provisioner");
        if (provisioner.isEmpty()) {
            errors.add(FieldError.required("provisioner", ""));
        } else {
            Formats.qualifiedName(provisioner.toLowerCase(Locale.ROOT)).forEach(problem ->
                    errors.add(FieldError.invalid("provisioner", provisioner, problem)));
        }
        JsonNode parameters = json.path("parameters");
        if (parameters.size() > MAX_PARAMETERS) {
            errors.add(FieldError.tooLong("parameters", MAX_PARAMETERS));
        } else {
            long size = 0;
            for (var parameter : parameters.properties()) {
                if (parameter.getKey().isEmpty()) {
                    errors.add(FieldError.invalid("parameters", "", "field can not be empty."));
                }
                size += parameter.getKey().length() + parameter.getValue().asString("").length();
            }
            if (size > MAX_PARAMETERS_SIZE) {
                errors.add(FieldError.tooLong("parameters", MAX_PARAMETERS_SIZE));
            }
        }
        String reclaimPolicy = text(json, "reclaimPolicy");
        if (!reclaimPolicy.isEmpty() && !RECLAIM_POLICIES.contains(reclaimPolicy)) {
            errors.add(FieldError.notSupported("reclaimPolicy", reclaimPolicy, RECLAIM_POLICIES));
        }
        String bindingMode = text(json, "volumeBindingMode");
        if (bindingMode.isEmpty()) {
            errors.add(FieldError.required("volumeBindingMode", ""));
        } else if (!BINDING_MODES.contains(bindingMode)) {
            errors.add(FieldError.notSupported("volumeBindingMode", bindingMode, BINDING_MODES));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured storageClass, Unstructured old) {
        ObjectNode json = storageClass.json();
        ObjectNode oldJson = old.json();
        List<FieldError> errors = new ArrayList<>(validate(storageClass));
        if (!SemanticEquality.equal(json.path("parameters"), oldJson.path("parameters"))) {
            errors.add(FieldError.forbidden("parameters", "updates to parameters are forbidden."));
        }
        for (String field : List.of("provisioner", "reclaimPolicy")) {
            if (!text(json, field).equals(text(oldJson, field))) {
                errors.add(FieldError.forbidden(field, "updates to " + field + " are forbidden."));
            }
        }
        String bindingMode = text(json, "volumeBindingMode");
        if (!bindingMode.equals(text(oldJson, "volumeBindingMode"))) {
            errors.add(FieldError.invalid("volumeBindingMode", bindingMode, "field is immutable"));
        }
        return errors;
    }
}
