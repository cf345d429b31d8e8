package dev.ordinal.api;

import java.util.Iterator;
import java.util.Map;

import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.api.patch.InvalidPatchException;
import dev.ordinal.api.patch.PatchSchema;
import dev.ordinal.api.patch.StrategicMergePatch;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;

/** The patch formats a PATCH request may carry, by Content-Type, applied to the live object. */
enum Patches {
    JSON_PATCH("application/json-patch+json"),
    MERGE_PATCH("application/merge-patch+json"),
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json");

    private final String contentType;

    Patches(String contentType) {
        this.contentType = contentType;
    }

    static Patches forContentType(String contentType) {
        String type = ObjectCodec.mediaType(contentType);
        for (Patches patch : values()) {
            if (patch.contentType.equals(type)) {
                return patch;
            }
        }
        throw StatusError.unsupportedMediaType(contentType);
    }

    /** Applies the patch; {@code schema} gives strategic merge patch its merge keys and strategies. */
    Unstructured apply(JsonNode patch, Unstructured current, PatchSchema schema) {
        return switch (this) {
            case JSON_PATCH -> jsonPatch(patch, current);
            case STRATEGIC_MERGE_PATCH -> {
                if (!patch.isObject()) {
                    throw StatusError.badRequest("json: cannot unmarshal " + kindOf(patch)
                            + " into Go value of type map[string]interface {}");
                }
                try {
                    yield new Unstructured(StrategicMergePatch.apply(current.json(), (ObjectNode) patch, schema));
                } catch (InvalidPatchException e) {
                    throw StatusError.badRequest(e.getMessage());
                }
            }
            case MERGE_PATCH -> {
                if (!patch.isObject()) {
                    throw StatusError.badRequest("json: cannot unmarshal " + kindOf(patch)
                            + " into Go value of type map[string]interface {}");
                }
                yield new Unstructured((ObjectNode) mergePatch(current.json(), patch));
            }
        };
    }

    private static Unstructured jsonPatch(JsonNode patch, Unstructured current) {
        if (!patch.isArray()) {
            throw StatusError.badRequest("json: cannot unmarshal " + kindOf(patch)
                    + " into Go value of type jsonpatch.Patch");
        }
        try {
            JsonNode result = JsonPatch.apply(patch, current.json());
            if (!(result instanceof ObjectNode object)) {
                throw new StatusError(422, "Invalid", "the patch turned the object into a non-object", null);
            }
            return new Unstructured(object);
        } catch (JsonPatchException | IllegalArgumentException e) {
            throw new StatusError(422, "Invalid", "the server rejected our request due to an error in our request: "
                    + e.getMessage(), null);
        }
    }

    /** RFC 7386: objects merge recursively, null removes a member, anything else replaces. */
    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static String kindOf(JsonNode node) {
        if (node.isArray()) {
            return "array";
        }
        if (node.isObject()) {
            return "object";
        }
        return node.isString() ? "string" : node.isNumber() ? "number" : "value";
    }
}
