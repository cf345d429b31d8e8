package dev.ordinal.registry.cel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.google.common.collect.ImmutableSet;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import tools.jackson.databind.JsonNode;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.common.values.NullValue;

/**
 * A structural schema seen from CEL, as upstream's {@code model.SchemaDeclType}: objects with
 * properties are object types whose fields are the escaped property names, {@code additionalProperties}
 * makes a {@code map(string, T)}, arrays lists, {@code integer} {@code int}, {@code number}
 * {@code double}, int-or-string and schemaless preserved objects {@code dyn}. At the root of a
 * resource and of every embedded resource, {@code apiVersion}, {@code kind} and
 * {@code metadata.name} and {@code generateName} are there even when the schema leaves them out.
 * The same rules turn an object's JSON into the values a rule sees.
 */
final class SchemaTypes {

    private static final AtomicLong NAMES = new AtomicLong();

    private final List<StructType> structs = new ArrayList<>();
    private final String prefix = "selfType" + NAMES.incrementAndGet();

    /** Every object type made so far, for the environment's type provider. */
    List<StructType> structs() {
        return structs;
    }

    CelType typeOf(JSONSchemaProps schema, boolean resourceRoot) {
        if (schema == null || Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            return SimpleType.DYN;
        }
        String type = schema.getType() == null ? "" : schema.getType();
        return switch (type) {
            case "object" -> objectType(schema, resourceRoot || isEmbedded(schema));
            case "array" -> ListType.create(schema.getItems() == null ? SimpleType.DYN
                    : typeOf(schema.getItems().getSchema(), false));
            case "integer" -> SimpleType.INT;
            case "number" -> SimpleType.DOUBLE;
            case "boolean" -> SimpleType.BOOL;
            case "string" -> SimpleType.STRING;
            default -> SimpleType.DYN;
        };
    }

    private CelType objectType(JSONSchemaProps schema, boolean resource) {
        JSONSchemaProps additional = additionalProperties(schema);
        if (additional != null) {
            return MapType.create(SimpleType.STRING, typeOf(additional, false));
        }
        Map<String, CelType> fields = new LinkedHashMap<>();
        if (resource) {
            fields.put("apiVersion", SimpleType.STRING);
            fields.put("kind", SimpleType.STRING);
            fields.put("metadata", struct(Map.of("name", SimpleType.STRING, "generateName", SimpleType.STRING)));
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> PropertyNames.escape(name).ifPresent(escaped -> {
                if (!(resource && name.equals("metadata"))) {
                    fields.put(escaped, typeOf(property, false));
                }
            }));
        }
        if (fields.isEmpty() && Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
            return MapType.create(SimpleType.STRING, SimpleType.DYN);
        }
        return struct(fields);
    }

    private StructType struct(Map<String, CelType> fields) {
        Map<String, CelType> copy = new LinkedHashMap<>(fields);
        StructType struct = StructType.create(prefix + ".object" + structs.size(), ImmutableSet.copyOf(copy.keySet()),
                name -> Optional.ofNullable(copy.get(name)));
        structs.add(struct);
        return struct;
    }

    static JSONSchemaProps additionalProperties(JSONSchemaProps schema) {
        if (schema.getAdditionalProperties() == null || schema.getAdditionalProperties().getSchema() == null) {
            return null;
        }
        return schema.getAdditionalProperties().getSchema();
    }

    static boolean isEmbedded(JSONSchemaProps schema) {
        return Boolean.TRUE.equals(schema.getXKubernetesEmbeddedResource());
    }

    /** The value a rule sees for {@code node} under {@code schema}. */
    static Object valueOf(JsonNode node, JSONSchemaProps schema, boolean resourceRoot) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (schema == null || Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            return untyped(node);
        }
        String type = schema.getType() == null ? "" : schema.getType();
        switch (type) {
            case "object" -> {
                if (!node.isObject()) {
                    return untyped(node);
                }
                return objectValue(node, schema, resourceRoot || isEmbedded(schema));
            }
            case "array" -> {
                List<Object> items = new ArrayList<>();
                JSONSchemaProps itemSchema = schema.getItems() == null ? null : schema.getItems().getSchema();
                node.forEach(item -> items.add(valueOf(item, itemSchema, false)));
                return items;
            }
            case "number" -> {
                return node.isNumber() ? node.asDouble() : untyped(node);
            }
            default -> {
                return untyped(node);
            }
        }
    }

    private static Map<String, Object> objectValue(JsonNode node, JSONSchemaProps schema, boolean resource) {
        Map<String, Object> value = new LinkedHashMap<>();
        JSONSchemaProps additional = additionalProperties(schema);
        if (additional != null) {
            node.properties().forEach(entry -> value.put(entry.getKey(), valueOf(entry.getValue(), additional, false)));
            return value;
        }
        if (resource) {
            putIfPresent(value, "apiVersion", node.get("apiVersion"));
            putIfPresent(value, "kind", node.get("kind"));
            JsonNode metadata = node.get("metadata");
            if (metadata != null && metadata.isObject()) {
                Map<String, Object> meta = new LinkedHashMap<>();
                putIfPresent(meta, "name", metadata.get("name"));
                putIfPresent(meta, "generateName", metadata.get("generateName"));
                value.put("metadata", meta);
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> {
                JsonNode child = node.get(name);
                if (child != null && !(resource && name.equals("metadata"))) {
                    PropertyNames.escape(name).ifPresent(escaped -> value.put(escaped, valueOf(child, property, false)));
                }
            });
        } else if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields()) && !resource) {
            node.properties().forEach(entry -> value.put(entry.getKey(), untyped(entry.getValue())));
        }
        return value;
    }

    private static void putIfPresent(Map<String, Object> value, String key, JsonNode node) {
        if (node != null && node.isString()) {
            value.put(key, node.asString());
        }
    }

    /** A value without a schema: JSON as CEL's dynamic values. */
    static Object untyped(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), untyped(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(untyped(item)));
            return list;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asString();
    }
}
