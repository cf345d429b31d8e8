package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * Reads merge types out of OpenAPI v3 {@code components.schemas}, as upstream's
 * {@code schemaconv.ToSchemaFromOpenAPI} does for server-side apply:
 * <ul>
 *   <li>lists: {@code x-kubernetes-list-type} atomic, set, or map with
 *       {@code x-kubernetes-list-map-keys}; without a list type, {@code x-kubernetes-patch-strategy:
 *       merge} makes the list associative by its {@code x-kubernetes-patch-merge-key}; else atomic;</li>
 *   <li>maps: granular unless {@code x-kubernetes-map-type: atomic} (on the type, or on the
 *       property that refers to it); keys other than the properties are allowed by
 *       {@code additionalProperties}, by {@code x-kubernetes-preserve-unknown-fields}, or when an
 *       object declares no properties at all;</li>
 *   <li>Quantity, RawExtension, int-or-string and date-time strings are untyped scalars.</li>
 * </ul>
 */
public final class OpenApiTypes {

    private static final String REF_PREFIX = "#/components/schemas/";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    private final JsonNode schemas;
    private final Map<String, TypeSchema> named = new ConcurrentHashMap<>();

    public OpenApiTypes(JsonNode componentsSchemas) {
        this.schemas = componentsSchemas;
    }

    /** The type of the schema named {@code name}, e.g. {@code io.k8s.api.apps.v1.StatefulSet}. */
    public Optional<TypeSchema> named(String name) {
        JsonNode schema = schemas.get(name);
        if (schema == null) {
            return Optional.empty();
        }
        return Optional.of(named.computeIfAbsent(name, n -> parse(n, schema, false)));
    }

    private TypeSchema parse(String name, JsonNode schema, boolean preserveUnknown) {
        if (name.equals(QUANTITY) || name.equals(RAW_EXTENSION)) {
            return new TypeSchema(true, null, null);
        }
        boolean preserve = preserveUnknown || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        return switch (schema.path("type").asString("")) {
            case "" -> new TypeSchema(true, parseList(schema, preserve), parseObject(schema, preserve));
            case "object" -> new TypeSchema(false, null, parseObject(schema, preserve));
            case "array" -> new TypeSchema(false, parseList(schema, preserve), null);
            default -> new TypeSchema(true, null, null);
        };
    }

    private TypeSchema.MapType parseObject(JsonNode schema, boolean preserve) {
        Map<String, TypeSchema.Field> fields = new LinkedHashMap<>();
        List<String> required = strings(schema.path("required"));
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            JsonNode member = property.getValue();
            fields.put(property.getKey(), new TypeSchema.Field(reference(member, preserve), member.get("default"),
                    required.contains(property.getKey())));
        }
        JsonNode additional = schema.get("additionalProperties");
        Supplier<TypeSchema> elementType;
        if (additional == null) {
            elementType = preserve || fields.isEmpty() ? () -> TypeSchema.DEDUCED : null;
        } else if (additional.isObject()) {
            elementType = reference(additional, preserve);
        } else {
            elementType = additional.asBoolean(false) ? () -> TypeSchema.DEDUCED : null;
        }
        boolean atomic = "atomic".equals(schema.path("x-kubernetes-map-type").asString(""));
        return new TypeSchema.MapType(atomic, fields, elementType);
    }

    private TypeSchema.ListType parseList(JsonNode schema, boolean preserve) {
        JsonNode items = schema.get("items");
        Supplier<TypeSchema> element = items == null ? () -> TypeSchema.UNTYPED : reference(items, preserve);
        String listType = schema.path("x-kubernetes-list-type").asString("");
        if (!listType.isEmpty()) {
            return switch (listType) {
                case "set" -> new TypeSchema.ListType(false, List.of(), element);
                case "map" -> new TypeSchema.ListType(false, strings(schema.path("x-kubernetes-list-map-keys")),
                        element);
                default -> new TypeSchema.ListType(true, List.of(), element);
            };
        }
        String strategy = schema.path("x-kubernetes-patch-strategy").asString("");
        if (strategy.equals("merge") || strategy.equals("merge,retainKeys")) {
            String key = schema.path("x-kubernetes-patch-merge-key").asString("");
            return new TypeSchema.ListType(false, key.isEmpty() ? List.of() : List.of(key), element);
        }
        return new TypeSchema.ListType(true, List.of(), element);
    }

    /** A {@code $ref} (also as the one member of {@code allOf}) resolved lazily, or an inline schema. */
    private Supplier<TypeSchema> reference(JsonNode member, boolean preserve) {
        String ref = member.path("$ref").asString("");
        if (ref.isEmpty() && member.path("allOf").size() == 1) {
            ref = member.get("allOf").get(0).path("$ref").asString("");
        }
        if (ref.startsWith(REF_PREFIX)) {
            String name = ref.substring(REF_PREFIX.length());
            String mapType = member.path("x-kubernetes-map-type").asString("");
            return new Lazy(() -> {
                TypeSchema type = named(name).orElse(TypeSchema.DEDUCED);
                return mapType.isEmpty() ? type : type.withAtomicMap(mapType.equals("atomic"));
            });
        }
        TypeSchema inline = parse("", member, preserve);
        return () -> inline;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString("")));
        return values;
    }

    /** Resolves once, on first use, so that recursive types need no eager walk. */
    private static final class Lazy implements Supplier<TypeSchema> {
        private final Supplier<TypeSchema> resolve;
        private volatile TypeSchema value;

        Lazy(Supplier<TypeSchema> resolve) {
            this.resolve = resolve;
        }

        @Override
        public TypeSchema get() {
            TypeSchema result = value;
            if (result == null) {
                result = resolve.get();
                value = result;
            }
            return result;
        }
    }
}
