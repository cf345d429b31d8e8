package dev.ordinal.registry.fieldmanager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A hand-written slice of the apps/v1 OpenAPI components.schemas, with upstream's extensions and
 * defaults, and a made-up {@code test.Widget} for the map rules upstream has no small type for.
 */
final class SchemaSlice {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final OpenApiTypes TYPES = new OpenApiTypes(load());
    static final TypeSchema STATEFUL_SET = TYPES.named("io.k8s.api.apps.v1.StatefulSet").orElseThrow();
    static final TypeSchema WIDGET = TYPES.named("test.Widget").orElseThrow();

    private SchemaSlice() {
    }

    static ObjectNode json(String text) {
        return (ObjectNode) JSON.readTree(text);
    }

    private static JsonNode load() {
        try (InputStream in = SchemaSlice.class.getResourceAsStream("/fieldmanager/apps-v1-slice.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
