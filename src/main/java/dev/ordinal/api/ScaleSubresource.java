package dev.ordinal.api;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.api.patch.PatchSchema;
import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.WriteOptions;
import dev.ordinal.registry.selection.LabelSelector;

/**
 * The {@code /scale} subresource: an autoscaling/v1 Scale view of a workload's replicas, as
 * upstream's {@code ScaleREST}. Writes go through the workload's own update path, so they are
 * validated, bump generation and resourceVersion, and are seen by watches like any spec change.
 */
@Component
class ScaleSubresource {

    private final GenericRegistry registry;
    private final ObjectCodec codec;
    private final tools.jackson.databind.json.JsonMapper mapper;

    ScaleSubresource(GenericRegistry registry, ObjectCodec codec, tools.jackson.databind.json.JsonMapper mapper) {
        this.registry = registry;
        this.codec = codec;
        this.mapper = mapper;
    }

    Unstructured handle(String method, ResourceDefinition definition, String namespace, String name,
                        String contentType, byte[] body, WriteOptions options) {
        return switch (method) {
            case "GET" -> toScale(registry.get(definition, namespace, name));
            case "PUT" -> {
                ObjectNode scale = codec.decode(contentType == null ? "application/json" : contentType, body, "Scale");
                yield write(definition, namespace, name, new Unstructured(scale), options);
            }
            case "PATCH" -> {
                Patches patch = Patches.forContentType(contentType);
                JsonNode patchBody = codec.parse(body, false, "Scale");
                Unstructured current = toScale(registry.get(definition, namespace, name));
                Unstructured patched = patch.apply(patchBody, current, PatchSchema.NONE);
                yield write(definition, namespace, name, patched, options);
            }
            default -> throw StatusError.methodNotSupported(definition.groupResource(), method);
        };
    }

    private Unstructured write(ResourceDefinition definition, String namespace, String name, Unstructured scale,
                               WriteOptions options) {
        JsonNode replicas = scale.json().path("spec").path("replicas");
        long value = replicas.isMissingNode() || replicas.isNull() ? 0 : replicas.asLong();
        if (value < 0) {
            throw StatusError.invalid("autoscaling", "Scale", name, java.util.List.of(
                    FieldError.invalid("spec.replicas", value, "must be greater than or equal to 0")));
        }
        String expected = scale.resourceVersion();
        Unstructured updated = registry.patch(definition, namespace, name, workload -> {
            if (!expected.isEmpty() && !expected.equals(workload.resourceVersion())) {
                throw StatusError.modified(definition.groupResource(), name);
            }
            workload.json().withObject("spec").put("replicas", (int) value);
            return workload;
        }, null, options);
        return toScale(updated);
    }

    /** The workload's selector in label-selector syntax, as upstream's Scale status carries it. */
    private String selector(JsonNode selector) {
        if (selector.isMissingNode() || selector.isNull()) {
            return "";
        }
        return LabelSelector.fromLabelSelector(
                mapper.treeToValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class)).toString();
    }

    Unstructured toScale(Unstructured workload) {
        ObjectNode scale = JsonNodeFactory.instance.objectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        for (String field : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (workload.metadata().has(field)) {
                meta.set(field, workload.metadata().get(field));
            }
        }
        scale.putObject("spec").put("replicas", workload.json().path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", workload.json().path("status").path("replicas").asInt(0));
        status.put("selector", selector(workload.json().path("spec").path("selector")));
        return new Unstructured(scale);
    }
}
