package dev.ordinal.registry.apiextensions.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;

/**
 * What a CustomResourceDefinition's {@code openAPIV3Schema} must be, with upstream's messages
 * ({@code apiextensions/validation/validation.go} and {@code apiserver/schema/validation.go}): a
 * structural schema (a type on every specified field, items on every array, nothing but value
 * validations inside allOf/anyOf/oneOf/not), the keywords it supports, the rules of the
 * {@code x-kubernetes-*} extensions, and defaults that survive pruning and pass their own schema.
 * Paths are given below {@code path}, e.g. {@code spec.validation.openAPIV3Schema}.
 */
public final class StructuralRules {

    private static final List<String> TYPES = List.of("array", "boolean", "integer", "number", "object", "string");
    private static final List<String> UNSUPPORTED = List.of("id", "additionalItems", "patternProperties",
            "definitions", "dependencies", "$ref");
    private static final List<String> BRANCHES = List.of("allOf", "anyOf", "oneOf");
    private static final Set<String> ROOT_METADATA_FIELDS = Set.of("name", "generateName");

    private final List<FieldError> errors = new ArrayList<>();

    private StructuralRules() {
    }

    public static List<FieldError> validate(JsonNode schema, String path) {
        StructuralRules rules = new StructuralRules();
        rules.root(schema, path);
        return rules.errors;
    }

    private void root(JsonNode schema, String path) {
        String type = schema.path("type").asString("");
        if (type.isEmpty()) {
            errors.add(FieldError.required(path + ".type", "must not be empty at the root"));
        } else if (!type.equals("object")) {
            errors.add(FieldError.invalid(path + ".type", type, "must be object at the root"));
        }
        if (schema.has("additionalProperties")) {
            errors.add(FieldError.forbidden(path + ".additionalProperties", "must not be used at the root"));
        }
        if (schema.path("nullable").asBoolean(false)) {
            errors.add(FieldError.forbidden(path + ".nullable", "nullable cannot be true at the root"));
        }
        JsonNode metadata = schema.path("properties").path("metadata");
        if (metadata.isObject()) {
            rootMetadata(metadata, path + ".properties[metadata]");
        }
        for (String field : List.of("apiVersion", "kind", "metadata")) {
            if (schema.path("properties").path(field).has("default")) {
                errors.add(FieldError.forbidden(path + ".properties[" + field + "].default",
                        "must not be set in top-level " + field));
            }
        }
        node(schema, path, true, false);
    }

    private void rootMetadata(JsonNode metadata, String path) {
        boolean onlyNames = true;
        for (Map.Entry<String, JsonNode> keyword : metadata.properties()) {
            switch (keyword.getKey()) {
                case "type" -> {
                    if (!keyword.getValue().asString("").equals("object")) {
                        errors.add(FieldError.invalid(path + ".type", keyword.getValue().asString(""), "must be object"));
                    }
                }
                case "properties" -> {
                    for (Map.Entry<String, JsonNode> property : keyword.getValue().properties()) {
                        onlyNames &= ROOT_METADATA_FIELDS.contains(property.getKey());
                    }
                }
                case "description" -> { }
                default -> onlyNames = false;
            }
        }
        if (!onlyNames) {
            errors.add(FieldError.forbidden(path, "must not specify anything other than name and generateName, but "
                    + "metadata is implicitly specified"));
        }
    }

    /** One specified node; {@code root} at the top, {@code branch} inside allOf/anyOf/oneOf/not. */
    private void node(JsonNode schema, String path, boolean root, boolean branch) {
        if (!schema.isObject()) {
            return;
        }
        String type = schema.path("type").asString("");
        boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
        keywords(schema, path, type);
        if (branch) {
            branchRules(schema, path);
        }
        if (schema.has("x-kubernetes-preserve-unknown-fields") && !preserve) {
            errors.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", false,
                    "must be true or undefined"));
        }
        if (intOrString && preserve) {
            errors.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", true,
                    "must be false if x-kubernetes-int-or-string is true"));
        }
        if (intOrString && embedded) {
            errors.add(FieldError.invalid(path + ".x-kubernetes-embedded-resource", true,
                    "must be false if x-kubernetes-int-or-string is true"));
        }
        if (embedded) {
            if (type.isEmpty()) {
                errors.add(FieldError.required(path + ".type", "must be object if x-kubernetes-embedded-resource is true"));
            } else if (!type.equals("object")) {
                errors.add(FieldError.invalid(path + ".type", type, "must be object if x-kubernetes-embedded-resource is true"));
            }
            if (!schema.has("properties") && !preserve) {
                errors.add(FieldError.required(path + ".properties", "must not be empty if x-kubernetes-embedded-resource "
                        + "is true without x-kubernetes-preserve-unknown-fields"));
            }
            if (schema.has("additionalProperties")) {
                errors.add(FieldError.forbidden(path + ".additionalProperties",
                        "must not be used if x-kubernetes-embedded-resource is set"));
            }
        }
        if (schema.has("properties") && schema.path("additionalProperties").isObject()) {
            errors.add(FieldError.forbidden(path + ".additionalProperties",
                    "additionalProperties and properties are mutual exclusive"));
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String propertyPath = path + ".properties[" + property.getKey() + "]";
            JsonNode child = property.getValue();
            if (!branch && !hasType(child)) {
                errors.add(FieldError.required(propertyPath + ".type", "must not be empty for specified object fields"));
            }
            if (branch && property.getKey().equals("metadata")) {
                errors.add(FieldError.forbidden(propertyPath, "must not be specified in a nested context"));
            }
            node(child, propertyPath, false, branch);
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isObject() && !root) {
            if (!branch && !hasType(additional)) {
                errors.add(FieldError.required(path + ".additionalProperties.type",
                        "must not be empty for specified object fields"));
            }
            node(additional, path + ".additionalProperties", false, branch);
        }
        JsonNode items = schema.get("items");
        if (items != null) {
            if (items.isArray()) {
                errors.add(FieldError.forbidden(path + ".items", "items must be a schema object and not an array"));
            } else {
                if (!branch && !hasType(items)) {
                    errors.add(FieldError.required(path + ".items.type",
                            "must not be empty for specified array items"));
                }
                node(items, path + ".items", false, branch);
            }
        } else if (type.equals("array") && !branch) {
            errors.add(FieldError.required(path + ".items", "must be specified"));
        }
        listAndMapTypes(schema, path, type);
        for (String combination : BRANCHES) {
            JsonNode branches = schema.path(combination);
            for (int i = 0; i < branches.size(); i++) {
                if (intOrString && combination.equals("anyOf") && intOrStringBranches(branches)) {
                    continue;
                }
                node(branches.get(i), path + "." + combination + "[" + i + "]", false, true);
            }
        }
        if (schema.path("not").isObject()) {
            node(schema.get("not"), path + ".not", false, true);
        }
        if (!branch && schema.has("default") && !root) {
            defaults(schema, path);
        }
    }

    private static boolean hasType(JsonNode schema) {
        return schema.has("type") || schema.path("x-kubernetes-int-or-string").asBoolean(false)
                || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    }

    private static boolean intOrStringBranches(JsonNode anyOf) {
        return anyOf.size() == 2 && anyOf.get(0).path("type").asString("").equals("integer")
                && anyOf.get(1).path("type").asString("").equals("string");
    }

    private void keywords(JsonNode schema, String path, String type) {
        if (schema.has("type")) {
            if (type.equals("null")) {
                errors.add(FieldError.forbidden(path + ".type", "type cannot be set to null, use nullable as an alternative"));
            } else if (!TYPES.contains(type)) {
                errors.add(FieldError.notSupported(path + ".type", type, TYPES));
            }
        }
        for (String keyword : UNSUPPORTED) {
            if (schema.has(keyword)) {
                errors.add(FieldError.forbidden(path + "." + keyword, keyword + " is not supported"));
            }
        }
        if (schema.path("uniqueItems").asBoolean(false)) {
            errors.add(FieldError.forbidden(path + ".uniqueItems",
                    "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }
        String pattern = schema.path("pattern").asString("");
        if (!pattern.isEmpty()) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                errors.add(FieldError.invalid(path + ".pattern", pattern,
                        "must be a valid regular expression, but isn't: error parsing regexp: " + e.getDescription()));
            }
        }
    }

    /** Inside allOf/anyOf/oneOf/not only value validations may be given. */
    private void branchRules(JsonNode schema, String path) {
        for (String keyword : List.of("type", "title", "description")) {
            if (schema.has(keyword)) {
                errors.add(FieldError.forbidden(path + "." + keyword, "must be empty to be structural"));
            }
        }
        if (schema.has("default")) {
            errors.add(FieldError.forbidden(path + ".default", "must be undefined to be structural"));
        }
        if (schema.path("nullable").asBoolean(false)) {
            errors.add(FieldError.forbidden(path + ".nullable", "must be false to be structural"));
        }
        if (schema.has("additionalProperties")) {
            errors.add(FieldError.forbidden(path + ".additionalProperties", "must be undefined to be structural"));
        }
        for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
            String name = keyword.getKey();
            if (!name.startsWith("x-kubernetes-")) {
                continue;
            }
            String detail = switch (name) {
                case "x-kubernetes-list-type", "x-kubernetes-map-type" -> "must be undefined to be structural";
                case "x-kubernetes-list-map-keys", "x-kubernetes-validations" -> "must be empty to be structural";
                default -> "must be false to be structural";
            };
            errors.add(FieldError.forbidden(path + "." + name, detail));
        }
    }

    private void listAndMapTypes(JsonNode schema, String path, String type) {
        String mapType = schema.path("x-kubernetes-map-type").asString("");
        if (schema.has("x-kubernetes-map-type")) {
            if (!List.of("atomic", "granular").contains(mapType)) {
                errors.add(FieldError.notSupported(path + ".x-kubernetes-map-type", mapType, List.of("atomic", "granular")));
            } else if (!type.equals("object")) {
                errors.add(FieldError.invalid(path + ".type", type, "must be object if x-kubernetes-map-type is specified"));
            }
        }
        String listType = schema.path("x-kubernetes-list-type").asString("");
        JsonNode keys = schema.path("x-kubernetes-list-map-keys");
        if (schema.has("x-kubernetes-list-type")) {
            if (!List.of("atomic", "set", "map").contains(listType)) {
                errors.add(FieldError.notSupported(path + ".x-kubernetes-list-type", listType,
                        List.of("atomic", "set", "map")));
            } else if (!type.equals("array")) {
                errors.add(FieldError.invalid(path + ".type", type, "must be array if x-kubernetes-list-type is specified"));
            }
        }
        if (!keys.isEmpty() && !listType.equals("map")) {
            errors.add(FieldError.required(path + ".x-kubernetes-list-type",
                    "must be map if x-kubernetes-list-map-keys is non-empty"));
        }
        JsonNode items = schema.path("items");
        if (listType.equals("map")) {
            if (keys.isEmpty()) {
                errors.add(FieldError.required(path + ".x-kubernetes-list-map-keys",
                        "must not be empty if x-kubernetes-list-type is map"));
            }
            if (!items.isObject()) {
                errors.add(FieldError.required(path + ".items", "must have a schema if x-kubernetes-list-type is map"));
                return;
            }
            if (!items.path("type").asString("").equals("object")) {
                errors.add(FieldError.invalid(path + ".items.type", items.path("type").asString(""),
                        "must be object if parent array's x-kubernetes-list-type is map"));
                return;
            }
            List<String> required = new ArrayList<>();
            items.path("required").forEach(r -> required.add(r.asString("")));
            for (JsonNode key : keys) {
                String name = key.asString("");
                JsonNode keySchema = items.path("properties").get(name);
                if (keySchema == null) {
                    errors.add(FieldError.invalid(path + ".x-kubernetes-list-map-keys", key,
                            "entries must all be names of item properties"));
                    continue;
                }
                String keyPath = path + ".items.properties[" + name + "]";
                String keyType = keySchema.path("type").asString("");
                if (keyType.equals("array") || keyType.equals("object")) {
                    errors.add(FieldError.invalid(keyPath + ".type", keyType,
                            "must be a scalar type if parent array's x-kubernetes-list-type is map"));
                }
                if (!keySchema.has("default") && !required.contains(name)) {
                    errors.add(FieldError.required(keyPath + ".default", "this property is in "
                            + "x-kubernetes-list-map-keys, so it must have a default or be a required property"));
                }
                if (keySchema.path("nullable").asBoolean(false)) {
                    errors.add(FieldError.forbidden(keyPath + ".nullable",
                            "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
                }
            }
        }
        if (listType.equals("set") && items.isObject()) {
            String itemType = items.path("type").asString("");
            if (itemType.equals("object") && !items.path("x-kubernetes-map-type").asString("").equals("atomic")) {
                errors.add(FieldError.invalid(path + ".items.x-kubernetes-map-type",
                        items.path("x-kubernetes-map-type").isMissingNode() ? null : items.get("x-kubernetes-map-type"),
                        "must be atomic as item of a list with x-kubernetes-list-type=set"));
            }
        }
        if ((listType.equals("set") || listType.equals("map")) && items.path("nullable").asBoolean(false)) {
            errors.add(FieldError.forbidden(path + ".items.nullable",
                    "cannot be nullable when x-kubernetes-list-type is " + listType));
        }
    }

    /** Upstream's default validation: a default survives pruning unchanged and passes its own schema. */
    private void defaults(JsonNode schema, String path) {
        JsonNode value = schema.get("default").deepCopy();
        StructuralSchema structural = StructuralSchema.of(schema);
        if (!Pruning.prune(value, structural).isEmpty()) {
            errors.add(FieldError.invalid(path + ".default", schema.get("default"), "must not have unknown fields"));
            return;
        }
        Defaulting.apply(value, structural);
        for (FieldError error : SchemaValidation.validate(value, structural, path + ".default")) {
            errors.add(error);
        }
    }
}
