package dev.ordinal.registry.apiextensions;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.SimpleJsonPath;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.apiextensions.schema.Defaulting;
import dev.ordinal.registry.apiextensions.schema.Pruning;
import dev.ordinal.registry.rest.Strategy;

/**
 * Upstream's {@code customresource} strategy for one served version: every write is pruned and
 * defaulted by the version's structural schema, then validated by it
 * ({@link CustomResourceValidation}); generation counts changes of spec; the version's selectable
 * fields are field-selector fields. While its CRD terminates, nothing new may be created.
 */
public final class CustomResourceStrategy implements Strategy {

    private final CustomResourceVersion version;
    private final CustomResourceValidation validation;
    private final boolean terminating;

    CustomResourceStrategy(String kind, CustomResourceVersion version, boolean terminating) {
        this.version = version;
        this.validation = new CustomResourceValidation(kind, version);
        this.terminating = terminating;
    }

    /** The version's {@code openAPIV3Schema}, as its CRD declares it. */
    public JsonNode schema() {
        return version.schema().json();
    }

    /**
     * Drops what the schema does not specify from a custom resource, answering the dropped fields'
     * paths, as upstream's decoder reports them to field validation.
     */
    public List<String> pruneUnknownFields(ObjectNode object) {
        return Pruning.pruneResource(object, version.schema());
    }

    @Override
    public void applyDefaults(Unstructured object) {
        pruneUnknownFields(object.json());
        Defaulting.apply(object.json(), version.schema());
    }

    /** Upstream's storage codec prunes and defaults every custom resource it decodes. */
    @Override
    public boolean defaultsOnRead() {
        return true;
    }

    @Override
    public void prepareForCreate(Unstructured object) {
        if (terminating) {
            throw new StatusError(405, "MethodNotAllowed",
                    "create not allowed while custom resource definition is terminating", null);
        }
    }

    @Override
    public List<FieldError> validate(Unstructured object) {
        return validation.validate(object, Optional.empty());
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured object, Unstructured old) {
        return validation.validate(object, Optional.of(asRead(old)));
    }

    @Override
    public List<FieldError> validateStatusUpdate(Unstructured object, Unstructured old) {
        return validation.validateStatus(object, asRead(old));
    }

    /**
     * The stored object as upstream's storage codec hands it to validation: pruned and defaulted by
     * this version, so values the new object got from a default added since compare equal.
     */
    private Unstructured asRead(Unstructured stored) {
        Unstructured old = stored.deepCopy();
        applyDefaults(old);
        return old;
    }

    @Override
    public void prepareForStatusUpdate(Unstructured object, Unstructured old) {
        applyDefaults(object);
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    /** The selectable fields by the name field selectors use ({@code spec.color}), with their values. */
    @Override
    public Map<String, String> selectableFields(Unstructured object) {
        Map<String, String> values = new LinkedHashMap<>();
        for (SimpleJsonPath path : version.selectableFields()) {
            JsonNode value = path.first(object.json()).orElse(null);
            values.put(fieldName(path), value == null || value.isNull() ? "" : value.asString(value.toString()));
        }
        return values;
    }

    @Override
    public Set<String> selectableFieldNames() {
        Set<String> names = new LinkedHashSet<>();
        version.selectableFields().forEach(path -> names.add(fieldName(path)));
        return names;
    }

    private static String fieldName(SimpleJsonPath path) {
        return String.join(".", path.fields());
    }
}
