package dev.ordinal.api.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;

/**
 * The OpenAPI {@code components.schemas} of every served group-version, read once from
 * {@code openapi/}: the one source of type knowledge for the documents clients download, for
 * strategic merge patch and apply (merge keys, list types) and for field validation.
 */
@Component
public class KindSchemas {

    private final Map<String, JsonNode> byGroupVersion = new HashMap<>();
    private final Map<String, String> schemaByKind = new HashMap<>();

    KindSchemas(ResourceRegistry resources, JsonMapper mapper) {
        for (ResourceDefinition d : resources.all()) {
            JsonNode schemas = byGroupVersion.computeIfAbsent(d.apiVersion(),
                    gv -> read(d.group(), d.version(), mapper));
            schemaByKind.put(d.apiVersion() + "/" + d.kind(), schemaOf(schemas, d, d.kind()));
            schemaByKind.put(d.apiVersion() + "/" + d.listKind(), schemaOf(schemas, d, d.listKind()));
        }
    }

    /** The {@code components.schemas} of the definition's group-version. */
    public JsonNode components(ResourceDefinition definition) {
        return byGroupVersion.get(definition.apiVersion());
    }

    /** The name of the kind's schema, e.g. {@code io.k8s.api.apps.v1.StatefulSet}. */
    public String schemaName(ResourceDefinition definition) {
        return schemaByKind.get(definition.apiVersion() + "/" + definition.kind());
    }

    /** The name of the kind's list schema, e.g. {@code io.k8s.api.apps.v1.StatefulSetList}. */
    public String listSchemaName(ResourceDefinition definition) {
        return schemaByKind.get(definition.apiVersion() + "/" + definition.listKind());
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
