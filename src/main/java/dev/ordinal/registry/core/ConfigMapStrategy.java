package dev.ordinal.registry.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

/**
 * ConfigMaps (upstream {@code pkg/registry/core/configmap}): {@code ValidateConfigMap(Update)}:
 * valid keys, no key in both data and binaryData, at most 1 MiB, nothing changes once immutable.
 */
final class ConfigMapStrategy implements Strategy {

    @Override
    public List<FieldError> validate(Unstructured configMap) {
        ObjectNode json = configMap.json();
        JsonNode data = json.path("data");
        JsonNode binaryData = json.path("binaryData");
        List<FieldError> errors = new ArrayList<>(keys(data, "data"));
        for (String key : sorted(data).keySet()) {
            if (binaryData.has(key)) {
                errors.add(FieldError.invalid("data[" + key + "]", key, "duplicate of key present in binaryData"));
            }
        }
        errors.addAll(keys(binaryData, "binaryData"));
        long size = 0;
        for (JsonNode value : data) {
            size += value.asString("").getBytes(StandardCharsets.UTF_8).length;
        }
        size += SecretStrategy.decodedSize(binaryData);
        if (size > SecretStrategy.MAX_SIZE) {
            errors.add(FieldError.tooLong("", SecretStrategy.MAX_SIZE));
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured configMap, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(
                immutableContent(configMap.json(), old.json(), List.of("data", "binaryData")));
        errors.addAll(validate(configMap));
        return errors;
    }

    /** Upstream's config key check of every key of a map, in key order. */
    static List<FieldError> keys(JsonNode map, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (String key : sorted(map).keySet()) {
            Formats.configMapKey(key).forEach(problem ->
                    errors.add(FieldError.invalid(path + "[" + key + "]", key, problem)));
        }
        return errors;
    }

    /** Once {@code immutable} is true it stays true and the content stays as it is. */
    static List<FieldError> immutableContent(ObjectNode object, ObjectNode old, List<String> content) {
        List<FieldError> errors = new ArrayList<>();
        if (!old.path("immutable").asBoolean(false)) {
            return errors;
        }
        String because = "field is immutable when `immutable` is set";
        if (!object.path("immutable").asBoolean(false)) {
            errors.add(FieldError.forbidden("immutable", because));
        }
        for (String field : content) {
            if (!SemanticEquality.equal(object.path(field), old.path(field))) {
                errors.add(FieldError.forbidden(field, because));
            }
        }
        return errors;
    }

    private static Map<String, JsonNode> sorted(JsonNode map) {
        Map<String, JsonNode> sorted = new TreeMap<>();
        map.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }
}
