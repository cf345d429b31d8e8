package dev.ordinal.registry.apiextensions;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.openapi.KindSchemas;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Publishes the OpenAPI {@code components.schemas} of every group-version custom resources are
 * served in, whenever the served kinds change, as upstream's OpenAPI builder
 * ({@code controller/openapi/builder}) makes them: each kind's schema named by its reversed group
 * ({@code com.example.stable.v1.CronTab}) with {@code apiVersion}, {@code kind} and
 * {@code metadata} (an ObjectMeta) added, its list, and the meta/v1 and autoscaling/v1 schemas
 * they refer to. kubectl finds a kind's patch operation and {@code explain} its fields there.
 */
@Component
class CustomResourceSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String REF = "#/components/schemas/";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String API_VERSION = "APIVersion defines the versioned schema of this representation of an "
            + "object. Servers should convert recognized schemas to the latest internal value, and may reject "
            + "unrecognized values. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources";
    private static final String KIND = "Kind is a string value representing the REST resource this object "
            + "represents. Servers may infer this from the endpoint the client submits requests to. Cannot be "
            + "updated. In CamelCase. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds";
    private static final String METADATA = "Standard object's metadata. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    private final ResourceRegistry resources;
    private final KindSchemas schemas;

    CustomResourceSchemas(ResourceRegistry resources, KindSchemas schemas) {
        this.resources = resources;
        this.schemas = schemas;
        resources.addListener(this::changed);
    }

    private void changed(List<ResourceDefinition> added, List<ResourceDefinition> removed) {
        Set<String> touched = new LinkedHashSet<>();
        added.forEach(d -> touched.add(d.group() + "/" + d.version()));
        removed.forEach(d -> touched.add(d.group() + "/" + d.version()));
        for (String groupVersion : touched) {
            String group = groupVersion.substring(0, groupVersion.indexOf('/'));
            String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
            List<ResourceDefinition> served = resources.all().stream()
                    .filter(d -> d.customResource() && d.group().equals(group) && d.version().equals(version))
                    .toList();
            if (served.isEmpty()) {
                schemas.withdraw(group, version);
            } else {
                schemas.publish(group, version, components(served));
            }
        }
    }

    private ObjectNode components(List<ResourceDefinition> served) {
        Map<String, JsonNode> sorted = new java.util.TreeMap<>();
        // The shared schemas, as the built-in apps/v1 document has them (its kinds have scale too).
        for (Map.Entry<String, JsonNode> shared : schemas.components("apps", "v1").properties()) {
            if (shared.getKey().startsWith("io.k8s.apimachinery.") || shared.getKey().startsWith(
                    "io.k8s.api.autoscaling.v1.Scale")) {
                sorted.put(shared.getKey(), shared.getValue());
            }
        }
        for (ResourceDefinition definition : served) {
            String name = schemaName(definition, definition.kind());
            sorted.put(name, kindSchema(definition));
            sorted.put(schemaName(definition, definition.listKind()), listSchema(definition, name));
        }
        ObjectNode components = NODES.objectNode();
        new LinkedHashMap<>(sorted).forEach(components::set);
        return components;
    }

    /** {@code stable.example.com/v1} kind {@code CronTab}: {@code com.example.stable.v1.CronTab}. */
    static String schemaName(ResourceDefinition definition, String kind) {
        List<String> parts = new java.util.ArrayList<>(List.of(definition.group().split("\\.")));
        java.util.Collections.reverse(parts);
        return String.join(".", parts) + "." + definition.version() + "." + kind;
    }

    private static ObjectNode kindSchema(ResourceDefinition definition) {
        ObjectNode schema = (ObjectNode) ((CustomResourceStrategy) definition.strategy()).schema().deepCopy();
        ObjectNode properties = schema.withObject("properties");
        properties.putObject("apiVersion").put("description", API_VERSION).put("type", "string");
        properties.putObject("kind").put("description", KIND).put("type", "string");
        ObjectNode metadata = properties.putObject("metadata");
        metadata.putArray("allOf").addObject().put("$ref", REF + META + "ObjectMeta");
        metadata.put("description", METADATA);
        schema.set("x-kubernetes-group-version-kind", gvk(definition, definition.kind()));
        return schema;
    }

    private static ObjectNode listSchema(ResourceDefinition definition, String kindSchema) {
        ObjectNode schema = NODES.objectNode();
        schema.put("description", definition.listKind() + " is a list of " + definition.kind());
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("apiVersion").put("description", API_VERSION).put("type", "string");
        properties.putObject("items").put("description", "List of " + definition.plural()
                + ". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md")
                .put("type", "array").putObject("items").put("$ref", REF + kindSchema);
        properties.putObject("kind").put("description", KIND).put("type", "string");
        ObjectNode metadata = properties.putObject("metadata");
        metadata.putArray("allOf").addObject().put("$ref", REF + META + "ListMeta");
        metadata.put("description", "Standard list metadata. More info: "
                + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds");
        schema.putArray("required").add("items");
        schema.put("type", "object");
        schema.set("x-kubernetes-group-version-kind", gvk(definition, definition.listKind()));
        return schema;
    }

    private static JsonNode gvk(ResourceDefinition definition, String kind) {
        return NODES.arrayNode().add(NODES.objectNode().put("group", definition.group()).put("kind", kind)
                .put("version", definition.version()));
    }
}
