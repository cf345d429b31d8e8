package dev.ordinal.registry.apiextensions;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.Getter;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.Updater;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The {@code scale} subresource of a custom resource, upstream's {@code customresource.ScaleREST}:
 * an autoscaling/v1 Scale read from the version's {@code specReplicasPath},
 * {@code statusReplicasPath} and {@code labelSelectorPath}; a write sets the spec replicas inside
 * the custom resource's own update (validated, generation moved, seen by watches), with the
 * Scale's resourceVersion as a precondition.
 */
final class CustomResourceScale implements Getter, Updater {

    private static final GroupVersionKind SCALE = new GroupVersionKind("autoscaling", "v1", "Scale");
    private static final List<String> META = List.of("name", "namespace", "uid", "resourceVersion",
            "creationTimestamp");

    private final GenericRegistry registry;
    private final CustomResourceVersion.ScalePaths paths;

    CustomResourceScale(GenericRegistry registry, CustomResourceVersion.ScalePaths paths) {
        this.registry = registry;
        this.paths = paths;
    }

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return SCALE;
    }

    @Override
    public List<String> verbs() {
        return List.of("get", "patch", "update");
    }

    @Override
    public Unstructured get(ResourceDefinition parent, String namespace, String name) {
        return toScale(registry.get(parent, namespace, name));
    }

    @Override
    public Unstructured update(ResourceDefinition parent, String namespace, String name,
                               UnaryOperator<Unstructured> updatedObject, WriteOptions options) {
        return toScale(registry.patch(parent, namespace, name, current -> {
            Unstructured scale = updatedObject.apply(toScale(current));
            String expected = scale.resourceVersion();
            if (!expected.isEmpty() && !expected.equals(current.resourceVersion())) {
                throw StatusError.modified(parent.groupResource(), name);
            }
            JsonNode replicas = scale.json().path("spec").path("replicas");
            if (replicas.isMissingNode() || replicas.isNull()) {
                replicas = paths.specReplicas().first(current.json()).orElse(null);
                if (replicas == null) {
                    throw StatusError.badRequest("the spec replicas field \"" + paths.specReplicas()
                            + "\" cannot be empty");
                }
            }
            if (!replicas.isIntegralNumber() || !replicas.canConvertToInt()) {
                throw StatusError.badRequest("json: cannot unmarshal " + replicas.getNodeType().name()
                        .toLowerCase(java.util.Locale.ROOT) + " into Go struct field ScaleSpec.spec.replicas of type int32");
            }
            if (replicas.asInt() < 0) {
                throw StatusError.invalid(SCALE.group(), SCALE.kind(), name, List.of(
                        FieldError.invalid("spec.replicas", replicas.asInt(), "must be greater than or equal to 0")));
            }
            paths.specReplicas().set(current.json(), JsonNodeFactory.instance.numberNode(replicas.asInt()));
            return current;
        }, Subresource.SCALE, options));
    }

    private Unstructured toScale(Unstructured object) {
        JsonNode specReplicas = paths.specReplicas().first(object.json()).orElse(null);
        if (specReplicas == null || specReplicas.isNull()) {
            throw StatusError.internal("the spec replicas field \"" + paths.specReplicas() + "\" does not exist");
        }
        ObjectNode scale = JsonNodeFactory.instance.objectNode();
        scale.put("kind", SCALE.kind());
        scale.put("apiVersion", SCALE.group() + "/" + SCALE.version());
        ObjectNode meta = scale.putObject("metadata");
        for (String field : META) {
            if (object.metadata().has(field)) {
                meta.set(field, object.metadata().get(field));
            }
        }
        ObjectNode spec = scale.putObject("spec");
        if (specReplicas.asLong() != 0) {
            spec.put("replicas", specReplicas.asLong());
        }
        ObjectNode status = scale.putObject("status");
        status.put("replicas", paths.statusReplicas().first(object.json()).map(JsonNode::asLong).orElse(0L));
        Optional<String> selector = paths.labelSelector().flatMap(p -> p.first(object.json()))
                .filter(JsonNode::isString).map(JsonNode::asString).filter(s -> !s.isEmpty());
        selector.ifPresent(s -> status.put("selector", s));
        return new Unstructured(scale);
    }
}
