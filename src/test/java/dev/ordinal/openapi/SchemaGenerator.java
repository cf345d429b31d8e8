package dev.ordinal.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Patch;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.ordinal.registry.openapi.SchemaFiles;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;

/**
 * Writes the schema half of the OpenAPI documents the server serves, one file per group-version
 * ({@code openapi/apis__apps__v1.json}): every served kind, its list, and every type they reach,
 * named and shaped as upstream's {@code components.schemas}. The server adds the paths at runtime.
 *
 * <p>Field names and types come from the fabric8 model classes (their {@code @JsonProperty}
 * getters); {@code required} and the date-time and byte formats from the official client's
 * models; the {@code x-kubernetes-*} list and patch extensions from {@code extensions.yaml}; the
 * descriptions, in our own words, from {@code descriptions.yaml}.
 */
final class SchemaGenerator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String REF = "#/components/schemas/";
    private static final String TIME = SchemaNames.META + "Time";
    /** The entry of descriptions.yaml for the fields every kind and list shares. */
    private static final String SHARED = "kinds and lists";

    /** Types with their own JSON form, not an object of their getters. */
    private static final Map<Class<?>, String> CUSTOM = Map.ofEntries(
            // A CRD schema's default, example and enum values: any JSON value.
            Map.entry(JsonNode.class, SchemaNames.APIEXTENSIONS + "JSON"),
            Map.entry(IntOrString.class, "io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
            Map.entry(Quantity.class, "io.k8s.apimachinery.pkg.api.resource.Quantity"),
            Map.entry(MicroTime.class, SchemaNames.META + "MicroTime"),
            // fabric8 types Lease's MicroTime fields as ZonedDateTime.
            Map.entry(ZonedDateTime.class, SchemaNames.META + "MicroTime"),
            Map.entry(Duration.class, SchemaNames.META + "Duration"),
            Map.entry(FieldsV1.class, SchemaNames.META + "FieldsV1"),
            Map.entry(Patch.class, SchemaNames.META + "Patch"),
            Map.entry(RawExtension.class, "io.k8s.apimachinery.pkg.runtime.RawExtension"),
            // An untyped field (ControllerRevision.data, WatchEvent.object) is a RawExtension upstream.
            Map.entry(Object.class, "io.k8s.apimachinery.pkg.runtime.RawExtension"));

    private final ObjectNode extensions;
    private final ObjectNode descriptions;
    private final OfficialClientModels official = new OfficialClientModels();

    SchemaGenerator() {
        this.extensions = yaml("extensions.yaml");
        this.descriptions = yaml("descriptions.yaml");
    }

    /** Every served group-version's schema document by file name, each as pretty, sorted JSON. */
    Map<String, String> documents(List<ResourceDefinition> served) {
        Map<String, List<ResourceDefinition>> byFile = new TreeMap<>();
        for (ResourceDefinition d : served) {
            byFile.computeIfAbsent(SchemaFiles.name(d.group(), d.version()), f -> new ArrayList<>()).add(d);
        }
        Map<String, ObjectNode> schemas = new TreeMap<>();
        Map<String, String> documents = new TreeMap<>();
        byFile.forEach((file, definitions) -> {
            ObjectNode document = document(definitions);
            document.path("components").path("schemas").properties().forEach(e -> schemas.put(e.getKey(),
                    (ObjectNode) e.getValue()));
            documents.put(file, write(document));
        });
        checkNotesApply(extensions, schemas, "extensions.yaml");
        checkNotesApply(descriptions, schemas, "descriptions.yaml");
        return documents;
    }

    /** A note about a schema or field no document has is a typo or a leftover: fail on it. */
    private static void checkNotesApply(ObjectNode notes, Map<String, ObjectNode> schemas, String file) {
        for (Map.Entry<String, JsonNode> note : notes.properties()) {
            if (note.getKey().equals(SHARED)) {
                continue;
            }
            ObjectNode schema = schemas.get(note.getKey());
            if (schema == null) {
                throw new IllegalStateException(file + ": no schema " + note.getKey());
            }
            for (Map.Entry<String, JsonNode> field : note.getValue().path("properties").properties()) {
                if (!schema.path("properties").has(field.getKey())) {
                    throw new IllegalStateException(file + ": " + note.getKey() + " has no field " + field.getKey());
                }
            }
        }
    }

    private ObjectNode document(List<ResourceDefinition> definitions) {
        List<Class<?>> roots = new ArrayList<>();
        for (ResourceDefinition d : definitions) {
            roots.add(d.type());
            if (d.creater() == null) {
                roots.add(listType(d.type()));
            }
            if (d.has(Subresource.SCALE)) {
                roots.add(Scale.class);
            }
        }
        // What every group-version's operations take or answer besides its kinds.
        roots.addAll(List.of(DeleteOptions.class, Status.class, WatchEvent.class, Patch.class));

        Map<String, ObjectNode> schemas = new TreeMap<>();
        Reached pending = new Reached();
        roots.forEach(type -> pending.add(schemaName(type), type));
        while (!pending.isEmpty()) {
            Schema next = pending.next();
            if (!schemas.containsKey(next.name())) {
                schemas.put(next.name(), schema(next.name(), next.type(), pending));
            }
        }
        ObjectNode document = NODES.objectNode();
        ObjectNode components = document.putObject("components").putObject("schemas");
        schemas.forEach(components::set);
        return document;
    }

    private static Class<?> listType(Class<?> kind) {
        try {
            return Class.forName(kind.getName() + "List");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no list type for " + kind.getName(), e);
        }
    }

    private static String schemaName(Class<?> type) {
        String custom = CUSTOM.get(type);
        return custom != null ? custom : SchemaNames.of(type);
    }

    private ObjectNode schema(String name, Class<?> type, Reached pending) {
        ObjectNode schema = customSchema(name);
        if (schema == null) {
            schema = objectSchema(name, type, pending);
        }
        String description = typeDescription(name);
        if (description != null) {
            schema.put("description", description);
        }
        return schema;
    }

    /** The schemas of types with a JSON form of their own, as upstream's v3 documents give them. */
    private static ObjectNode customSchema(String name) {
        ObjectNode schema = NODES.objectNode();
        switch (SchemaNames.shortName(name)) {
            case "IntOrString" -> {
                schema.put("format", "int-or-string");
                schema.putArray("oneOf").add(type("integer")).add(type("string"));
            }
            case "Quantity" -> schema.putArray("oneOf").add(type("string")).add(type("number"));
            case "Time", "MicroTime" -> schema.put("type", "string").put("format", "date-time");
            case "Duration" -> schema.put("type", "string");
            case "FieldsV1", "Patch", "RawExtension" -> schema.put("type", "object");
            // Untyped: a schema or an array of schemas, a schema or a boolean, any JSON value.
            case "JSONSchemaPropsOrArray", "JSONSchemaPropsOrBool", "JSONSchemaPropsOrStringArray", "JSON" -> { }
            default -> {
                return null;
            }
        }
        return schema;
    }

    private ObjectNode objectSchema(String name, Class<?> type, Reached pending) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        Version version = type.getAnnotation(Version.class);
        Group group = type.getAnnotation(Group.class);
        boolean kind = version != null && group != null;
        ObjectNode properties = schema.putObject("properties");
        Set<String> fields = new TreeSet<>();
        for (Method getter : type.getMethods()) {
            JsonProperty property = getter.getAnnotation(JsonProperty.class);
            if (property == null || getter.getParameterCount() != 0) {
                continue;
            }
            String field = property.value();
            fields.add(field);
            properties.set(field, fieldSchema(kind ? List.of(name, SHARED) : List.of(name), field,
                    getter.getGenericReturnType(), pending));
        }
        List<String> required = official.required(name).stream().filter(fields::contains).toList();
        if (!required.isEmpty()) {
            ArrayNode array = schema.putArray("required");
            required.forEach(array::add);
        }
        if (kind) {
            schema.putArray("x-kubernetes-group-version-kind").addObject()
                    .put("group", group.value()).put("version", version.value()).put("kind", type.getSimpleName());
        }
        JsonNode typeExtensions = extensions.path(name);
        for (Map.Entry<String, JsonNode> e : typeExtensions.properties()) {
            if (!e.getKey().equals("properties")) {
                schema.set(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, JsonNode> e : typeExtensions.path("properties").properties()) {
            if (properties.get(e.getKey()) instanceof ObjectNode property) {
                property.setAll((ObjectNode) e.getValue());
            }
        }
        return schema;
    }

    /** A field's schema; its description is the first {@code notes} entry that has one for it. */
    private ObjectNode fieldSchema(List<String> notes, String field, Type javaType, Reached pending) {
        String owner = notes.get(0);
        ObjectNode schema = valueSchema(owner, field, javaType, pending);
        String description = notes.stream()
                .map(note -> descriptions.path(note).path("properties").path(field).asString(null))
                .filter(Objects::nonNull).findFirst().orElse(null);
        if (schema.has("$ref")) {
            // A reference cannot carry a description beside it; upstream wraps it in allOf.
            String ref = schema.get("$ref").asString();
            schema = NODES.objectNode();
            schema.putArray("allOf").addObject().put("$ref", ref);
        }
        if (description != null) {
            schema.put("description", description);
        }
        return schema;
    }

    /** The schema of one value: a scalar, a reference, or an array or map of those. */
    private ObjectNode valueSchema(String owner, String field, Type javaType, Reached pending) {
        if (javaType instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                ObjectNode array = type("array");
                array.set("items", valueSchema(owner, field, arguments[0], pending));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = type("object");
                map.set("additionalProperties", valueSchema(owner, field, arguments[1], pending));
                return map;
            }
            throw new IllegalStateException(owner + "." + field + ": unexpected type " + javaType);
        }
        Class<?> type = (Class<?>) javaType;
        if (type == String.class) {
            return switch (official.format(owner, field)) {
                case DATE_TIME -> ref(TIME, null, pending);
                case BYTE -> type("string").put("format", "byte");
                case OTHER -> type("string");
            };
        }
        if (type == Boolean.class || type == boolean.class) {
            return type("boolean");
        }
        if (type == Integer.class || type == int.class) {
            return type("integer").put("format", "int32");
        }
        if (type == Long.class || type == long.class) {
            return type("integer").put("format", "int64");
        }
        if (type == Double.class || type == double.class) {
            return type("number").put("format", "double");
        }
        return ref(schemaName(type), type, pending);
    }

    private static ObjectNode ref(String name, Class<?> type, Reached pending) {
        pending.add(name, type);
        return NODES.objectNode().put("$ref", REF + name);
    }

    private String typeDescription(String name) {
        return descriptions.path(name).path("description").asString(null);
    }

    private static ObjectNode type(String type) {
        return NODES.objectNode().put("type", type);
    }

    /**
     * The schemas reached and not yet written, by name; the class is null for meta/v1 Time, which
     * fabric8 types as a plain String.
     */
    private static final class Reached {
        private final Map<String, Class<?>> pending = new LinkedHashMap<>();

        void add(String name, Class<?> type) {
            pending.putIfAbsent(name, type);
        }

        boolean isEmpty() {
            return pending.isEmpty();
        }

        Schema next() {
            Iterator<Map.Entry<String, Class<?>>> it = pending.entrySet().iterator();
            Map.Entry<String, Class<?>> next = it.next();
            it.remove();
            return new Schema(next.getKey(), next.getValue());
        }
    }

    private record Schema(String name, Class<?> type) {
    }

    static ObjectNode yaml(String resource) {
        try (InputStream in = SchemaGenerator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return (ObjectNode) YAMLMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pretty JSON with every object's keys sorted, so a regenerated file differs only where the API did. */
    static String write(JsonNode document) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectNameValueSpacing(Separators.Spacing.AFTER));
        printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
        ObjectWriter writer = JsonMapper.builder().build().writer().with(printer);
        return writer.writeValueAsString(sorted(document)) + "\n";
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                fields.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode copy = NODES.objectNode();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            node.forEach(element -> copy.add(sorted(element)));
            return copy;
        }
        return node;
    }
}
