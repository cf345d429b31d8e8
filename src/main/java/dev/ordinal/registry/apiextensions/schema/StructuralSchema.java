package dev.ordinal.registry.apiextensions.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * One node of a CustomResourceDefinition's {@code openAPIV3Schema}, read as upstream's
 * {@code structuralschema.Structural}: the type, the properties, items and additionalProperties
 * below it, the {@code x-kubernetes-*} extensions, the default and the value validations. A
 * schema the CRD's validation accepted is structural, so every value has at most one schema.
 */
public final class StructuralSchema {

    private final JsonNode node;

    private StructuralSchema(JsonNode node) {
        this.node = node;
    }

    public static StructuralSchema of(JsonNode openApiV3Schema) {
        return new StructuralSchema(openApiV3Schema == null ? MissingNode.getInstance() : openApiV3Schema);
    }

    /** The schema as the CRD declares it. */
    public JsonNode json() {
        return node;
    }

    public String type() {
        return node.path("type").asString("");
    }

    public boolean nullable() {
        return node.path("nullable").asBoolean(false);
    }

    public boolean preservesUnknownFields() {
        return node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    }

    public boolean intOrString() {
        return node.path("x-kubernetes-int-or-string").asBoolean(false);
    }

    public boolean embeddedResource() {
        return node.path("x-kubernetes-embedded-resource").asBoolean(false);
    }

    public String listType() {
        return node.path("x-kubernetes-list-type").asString("");
    }

    public List<String> listMapKeys() {
        List<String> keys = new ArrayList<>();
        node.path("x-kubernetes-list-map-keys").forEach(key -> keys.add(key.asString("")));
        return keys;
    }

    public Map<String, StructuralSchema> properties() {
        Map<String, StructuralSchema> properties = new LinkedHashMap<>();
        node.path("properties").properties().forEach(e -> properties.put(e.getKey(), of(e.getValue())));
        return properties;
    }

    public Optional<StructuralSchema> property(String name) {
        JsonNode property = node.path("properties").get(name);
        return property == null ? Optional.empty() : Optional.of(of(property));
    }

    public Optional<StructuralSchema> items() {
        JsonNode items = node.get("items");
        return items != null && items.isObject() ? Optional.of(of(items)) : Optional.empty();
    }

    /** {@code additionalProperties} as a schema; {@code true} allows any value without one. */
    public Optional<StructuralSchema> additionalProperties() {
        JsonNode additional = node.get("additionalProperties");
        return additional != null && additional.isObject() ? Optional.of(of(additional)) : Optional.empty();
    }

    /** Whether keys other than the properties are allowed, with or without a schema for their values. */
    public boolean allowsAdditionalProperties() {
        JsonNode additional = node.get("additionalProperties");
        return additional != null && (additional.isObject() || additional.asBoolean(false));
    }

    /** The schema of the value under {@code key} of an object, if it may have one. */
    public Optional<StructuralSchema> fieldSchema(String key) {
        Optional<StructuralSchema> property = property(key);
        return property.isPresent() ? property : additionalProperties();
    }

    public Optional<JsonNode> defaultValue() {
        JsonNode value = node.get("default");
        return Optional.ofNullable(value);
    }

    /** A value validation keyword ({@code maxLength}, {@code enum}, ...), or a missing node. */
    public JsonNode keyword(String name) {
        return node.path(name);
    }
}
