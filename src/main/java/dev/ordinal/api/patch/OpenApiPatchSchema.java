package dev.ordinal.api.patch;

import tools.jackson.databind.JsonNode;

/**
 * Patch metadata read from OpenAPI v3 {@code components.schemas}: each property's
 * {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}, following
 * {@code $ref}s (also inside {@code allOf} and array {@code items}) to the nested types.
 */
public final class OpenApiPatchSchema implements PatchSchema {

    private static final String REF_PREFIX = "#/components/schemas/";

    private final JsonNode schemas;
    private final JsonNode type;

    private OpenApiPatchSchema(JsonNode schemas, JsonNode type) {
        this.schemas = schemas;
        this.type = type;
    }

    /** The schema of the type named {@code name} (e.g. {@code io.k8s.api.apps.v1.StatefulSet}). */
    public static PatchSchema of(JsonNode schemas, String name) {
        JsonNode type = schemas.get(name);
        return type == null ? NONE : new OpenApiPatchSchema(schemas, type);
    }

    @Override
    public FieldPatchStrategy strategy(String field) {
        JsonNode property = type.path("properties").path(field);
        return FieldPatchStrategy.of(property.path("x-kubernetes-patch-strategy").asString(""),
                property.path("x-kubernetes-patch-merge-key").asString(""));
    }

    @Override
    public PatchSchema field(String field) {
        JsonNode property = type.path("properties").path(field);
        if (property.isMissingNode()) {
            return NONE;
        }
        JsonNode target = property.has("items") ? property.get("items") : property;
        String ref = reference(target);
        if (ref == null && target.has("additionalProperties")) {
            ref = reference(target.get("additionalProperties"));
        }
        return ref == null ? NONE : of(schemas, ref);
    }

    private static String reference(JsonNode node) {
        String ref = node.path("$ref").asString("");
        if (ref.isEmpty() && node.path("allOf").isArray() && !node.get("allOf").isEmpty()) {
            ref = node.get("allOf").get(0).path("$ref").asString("");
        }
        return ref.startsWith(REF_PREFIX) ? ref.substring(REF_PREFIX.length()) : null;
    }
}
