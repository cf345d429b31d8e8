package dev.ordinal.registry.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The OpenAPI {@code components.schemas} of every served group-version, read from
 * {@code openapi/} once per group-version, when first needed: the one source of type knowledge
 * for the documents clients download, for strategic merge patch and apply (merge keys, list
 * types) and for field validation. Reading them when needed keeps the group-versions no write
 * has touched yet out of start-up. A kind's schema is the one carrying its
 * {@code x-kubernetes-group-version-kind}, so no list of served kinds is needed to find it.
 */
@Component
public class KindSchemas {

    /** One group-version's schemas and the schema names of the kinds it declares. */
    private record GroupVersion(JsonNode schemas, Map<String, String> schemaByKind) {
    }

    private final JsonMapper mapper;
    private final Map<String, GroupVersion> byGroupVersion = new ConcurrentHashMap<>();

    KindSchemas(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The {@code components.schemas} of the definition's group-version. */
    public JsonNode components(ResourceDefinition definition) {
        return components(definition.group(), definition.version());
    }

    public JsonNode components(String group, String version) {
        return groupVersion(group, version).schemas();
    }

    /** The name of the kind's schema, e.g. {@code io.k8s.api.apps.v1.StatefulSet}. */
    public String schemaName(ResourceDefinition definition) {
        return required(definition, definition.kind());
    }

    /** The name of the kind's list schema, e.g. {@code io.k8s.api.apps.v1.StatefulSetList}. */
    public String listSchemaName(ResourceDefinition definition) {
        return required(definition, definition.listKind());
    }

    /** The name of a kind's schema in its group-version's document, if it has one. */
    public Optional<String> schemaName(String group, String version, String kind) {
        return Optional.ofNullable(groupVersion(group, version).schemaByKind().get(kind));
    }

    /**
     * The name of the schema of {@code kind} in the definition's group-version document, which
     * also holds the kinds its subresources and options speak (autoscaling/v1 Scale, meta/v1
     * DeleteOptions), if it has one.
     */
    public Optional<String> schemaName(ResourceDefinition definition, GroupVersionKind kind) {
        for (Map.Entry<String, JsonNode> entry : components(definition).properties()) {
            for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asString("").equals(kind.group())
                        && gvk.path("version").asString("").equals(kind.version())
                        && gvk.path("kind").asString("").equals(kind.kind())) {
                    return Optional.of(entry.getKey());
                }
            }
        }
        return Optional.empty();
    }

    private String required(ResourceDefinition definition, String kind) {
        return schemaName(definition.group(), definition.version(), kind).orElseThrow(() ->
                new IllegalStateException("the OpenAPI schemas of " + definition.apiVersion() + " have no " + kind
                        + "; regenerate them (SchemaFilesTest)"));
    }

    private GroupVersion groupVersion(String group, String version) {
        return byGroupVersion.computeIfAbsent(group + "/" + version, key -> {
            JsonNode schemas = read(group, version, mapper);
            Map<String, String> schemaByKind = new HashMap<>();
            for (Map.Entry<String, JsonNode> entry : schemas.properties()) {
                for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
                    if (gvk.path("group").asString("").equals(group)
                            && gvk.path("version").asString("").equals(version)) {
                        schemaByKind.putIfAbsent(gvk.path("kind").asString(""), entry.getKey());
                    }
                }
            }
            return new GroupVersion(schemas, schemaByKind);
        });
    }

    private static JsonNode read(String group, String version, JsonMapper mapper) {
        String file = SchemaFiles.DIRECTORY + "/" + SchemaFiles.name(group, version);
        try (InputStream in = new ClassPathResource(file).getInputStream()) {
            return mapper.readTree(in).path("components").path("schemas");
        } catch (IOException e) {
            throw new UncheckedIOException("no OpenAPI schemas for " + group + "/" + version + " in " + file, e);
        }
    }
}
