package dev.ordinal.registry.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
 *
 * <p>The group-versions of custom resources have no file: their schemas are published here at run
 * time ({@link #publish}), from their CustomResourceDefinitions, and withdrawn with them; each
 * change moves {@link #revision()}, so what was built from the schemas is built again.
 */
@Component
public class KindSchemas {

    /** One group-version's schemas and the schema names of the kinds it declares. */
    private record GroupVersion(JsonNode schemas, Map<String, String> schemaByKind) {

        static GroupVersion of(String group, String version, JsonNode schemas) {
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
        }
    }

    private final JsonMapper mapper;
    private final Map<String, GroupVersion> byGroupVersion = new ConcurrentHashMap<>();
    private final Map<String, GroupVersion> published = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong();

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

    /** Serves {@code schemas} as the {@code components.schemas} of a group-version that has no file. */
    public void publish(String group, String version, JsonNode schemas) {
        published.put(group + "/" + version, GroupVersion.of(group, version, schemas));
        revision.incrementAndGet();
    }

    public void withdraw(String group, String version) {
        if (published.remove(group + "/" + version) != null) {
            revision.incrementAndGet();
        }
    }

    /** Moves with every change of the published schemas. */
    public long revision() {
        return revision.get();
    }

    private GroupVersion groupVersion(String group, String version) {
        GroupVersion custom = published.get(group + "/" + version);
        if (custom != null) {
            return custom;
        }
        return byGroupVersion.computeIfAbsent(group + "/" + version,
                key -> GroupVersion.of(group, version, read(group, version, mapper)));
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
