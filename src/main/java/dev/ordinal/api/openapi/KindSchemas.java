package dev.ordinal.api.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;

/**
 * The OpenAPI {@code components.schemas} of every served group-version, read from
 * {@code openapi/} once per group-version, when first needed: the one source of type knowledge
 * for the documents clients download, for strategic merge patch and apply (merge keys, list
 * types) and for field validation. Reading them when needed keeps the group-versions no write
 * has touched yet out of start-up.
 */
@Component
public class KindSchemas {

    /** One group-version's schemas and the schema names of its kinds and their lists. */
    private record GroupVersion(JsonNode schemas, Map<String, String> schemaByKind) {
    }

    private final ResourceRegistry resources;
    private final JsonMapper mapper;
    private final Map<String, GroupVersion> byGroupVersion = new ConcurrentHashMap<>();

    KindSchemas(ResourceRegistry resources, JsonMapper mapper) {
        this.resources = resources;
        this.mapper = mapper;
    }

    /** The {@code components.schemas} of the definition's group-version. */
    public JsonNode components(ResourceDefinition definition) {
        return groupVersion(definition).schemas();
    }

    /** The name of the kind's schema, e.g. {@code io.k8s.api.apps.v1.StatefulSet}. */
    public String schemaName(ResourceDefinition definition) {
        return groupVersion(definition).schemaByKind().get(definition.kind());
    }

    /** The name of the kind's list schema, e.g. {@code io.k8s.api.apps.v1.StatefulSetList}. */
    public String listSchemaName(ResourceDefinition definition) {
        return groupVersion(definition).schemaByKind().get(definition.listKind());
    }

    private GroupVersion groupVersion(ResourceDefinition definition) {
        return byGroupVersion.computeIfAbsent(definition.apiVersion(), apiVersion -> {
            JsonNode schemas = read(definition.group(), definition.version(), mapper);
            Map<String, String> schemaByKind = new HashMap<>();
            for (ResourceDefinition d : resources.all()) {
                if (d.apiVersion().equals(apiVersion)) {
                    schemaByKind.put(d.kind(), schemaOf(schemas, d, d.kind()));
                    schemaByKind.put(d.listKind(), schemaOf(schemas, d, d.listKind()));
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

    /** The schema carrying the kind's {@code x-kubernetes-group-version-kind}. */
    private static String schemaOf(JsonNode schemas, ResourceDefinition d, String kind) {
        for (Map.Entry<String, JsonNode> entry : schemas.properties()) {
            for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asString("").equals(d.group())
                        && gvk.path("version").asString("").equals(d.version())
                        && gvk.path("kind").asString("").equals(kind)) {
                    return entry.getKey();
                }
            }
        }
        throw new IllegalStateException("the OpenAPI schemas of " + d.apiVersion() + " have no " + kind
                + "; regenerate them (SchemaFilesTest)");
    }
}
