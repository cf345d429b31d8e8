package dev.ordinal.api.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.openapi.SchemaFiles;

/**
 * Ready-to-send request bodies for the main kinds ({@code openapi/examples.yaml}), shown by
 * Swagger UI beside the create, replace and merge-patch operations so a user can copy them.
 */
final class RequestExamples {

    /** A kind's examples; either may be null. */
    record Examples(JsonNode create, JsonNode patch) {
    }

    private final JsonNode byApiVersion;

    private RequestExamples(JsonNode byApiVersion) {
        this.byApiVersion = byApiVersion;
    }

    static RequestExamples load() {
        ClassPathResource resource = new ClassPathResource(SchemaFiles.DIRECTORY + "/examples.yaml");
        try (InputStream in = resource.getInputStream()) {
            return new RequestExamples(YAMLMapper.builder().build().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Examples of(ResourceDefinition definition) {
        JsonNode kind = byApiVersion.path(definition.apiVersion()).path(definition.kind());
        return new Examples(orNull(kind.path("create")), orNull(kind.path("patch")));
    }

    private static JsonNode orNull(JsonNode node) {
        return node.isMissingNode() ? null : node;
    }
}
