package dev.ordinal.registry.apiextensions.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drops the fields a structural schema does not specify, as upstream's {@code pruning.Prune}:
 * below {@code x-kubernetes-preserve-unknown-fields} only what the schema specifies is looked at;
 * {@code apiVersion}, {@code kind} and {@code metadata} of the resource root and of every
 * {@code x-kubernetes-embedded-resource} are kept. Answers the dropped fields' paths
 * ({@code spec.foo}, {@code spec.items[0].bar}), which field validation reports as unknown.
 */
public final class Pruning {

    private static final Set<String> RESOURCE_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private Pruning() {
    }

    /** Prunes a custom resource (a resource root) in place. */
    public static List<String> pruneResource(ObjectNode object, StructuralSchema schema) {
        List<String> pruned = new ArrayList<>();
        prune(object, Optional.of(schema), true, "", pruned);
        return pruned;
    }

    /** Prunes a value that is not a resource root (a default) in place. */
    public static List<String> prune(JsonNode value, StructuralSchema schema) {
        List<String> pruned = new ArrayList<>();
        prune(value, Optional.of(schema), false, "", pruned);
        return pruned;
    }

    private static void prune(JsonNode value, Optional<StructuralSchema> schema, boolean resourceRoot, String path,
                              List<String> pruned) {
        if (schema.isPresent() && schema.get().preservesUnknownFields()) {
            skipPrune(value, schema.get(), resourceRoot || schema.get().embeddedResource(), path, pruned);
            return;
        }
        if (value instanceof ObjectNode object) {
            boolean keepsResourceFields = resourceRoot || schema.map(StructuralSchema::embeddedResource).orElse(false);
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String key = field.getKey();
                if (keepsResourceFields && RESOURCE_FIELDS.contains(key)) {
                    continue;
                }
                Optional<StructuralSchema> property = schema.flatMap(s -> s.property(key));
                if (property.isPresent()) {
                    prune(field.getValue(), property, false, child(path, key), pruned);
                } else if (schema.isPresent() && schema.get().allowsAdditionalProperties()) {
                    prune(field.getValue(), schema.get().additionalProperties(), false, child(path, key), pruned);
                } else {
                    pruned.add(child(path, key));
                    unknown.add(key);
                }
            }
            object.remove(unknown);
        } else if (value instanceof ArrayNode array) {
            Optional<StructuralSchema> items = schema.flatMap(StructuralSchema::items);
            for (int i = 0; i < array.size(); i++) {
                prune(array.get(i), items, false, path + "[" + i + "]", pruned);
            }
        }
    }

    /** Below preserve-unknown-fields: keeps every field, prunes inside those the schema specifies. */
    private static void skipPrune(JsonNode value, StructuralSchema schema, boolean keepsResourceFields, String path,
                                  List<String> pruned) {
        if (value instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String key = field.getKey();
                if (keepsResourceFields && RESOURCE_FIELDS.contains(key)) {
                    continue;
                }
                Optional<StructuralSchema> specified = schema.fieldSchema(key);
                specified.ifPresent(s -> prune(field.getValue(), specified, false, child(path, key), pruned));
            }
        } else if (value instanceof ArrayNode array) {
            schema.items().ifPresent(items -> {
                for (int i = 0; i < array.size(); i++) {
                    prune(array.get(i), Optional.of(items), false, path + "[" + i + "]", pruned);
                }
            });
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
