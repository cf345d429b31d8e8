package dev.ordinal.registry.apps;

import java.util.List;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.registry.rest.Getter;
import dev.ordinal.registry.rest.Updater;
import dev.ordinal.machinery.labels.LabelSelector;

/**
 * The {@code scale} subresource of a workload whose replicas are {@code spec.replicas} and
 * {@code status.replicas} and whose pods are chosen by {@code spec.selector} (StatefulSet,
 * Deployment and ReplicaSet, which share that shape): an autoscaling/v1 Scale, as upstream's
 * {@code ScaleREST}. A write converts the Scale back inside the workload's own update, as
 * upstream's {@code scaleUpdatedObjectInfo}, so it is validated, bumps generation and
 * resourceVersion, and is seen by watches like any spec change.
 */
final class ScaleStorage implements Getter, Updater {

    private static final GroupVersionKind SCALE = new GroupVersionKind("autoscaling", "v1", "Scale");
    private static final List<String> META = List.of("name", "namespace", "uid", "resourceVersion",
            "creationTimestamp");

    private final GenericRegistry registry;

    ScaleStorage(GenericRegistry registry) {
        this.registry = registry;
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

    /** A Scale whose resourceVersion is set is a precondition on the workload's, as upstream's. */
    @Override
    public Unstructured update(ResourceDefinition parent, String namespace, String name,
                               UnaryOperator<Unstructured> updatedObject, WriteOptions options) {
        Unstructured updated = registry.patch(parent, namespace, name,
                workload -> scaled(parent, workload, updatedObject), Subresource.SCALE, options);
        return toScale(updated);
    }

    /** The workload with the replicas of the Scale that {@code updatedObject} makes of its current one. */
    static Unstructured scaled(ResourceDefinition parent, Unstructured workload,
                               UnaryOperator<Unstructured> updatedObject) {
        Unstructured scale = updatedObject.apply(toScale(workload));
        int replicas = validReplicas(scale, workload.name());
        String expected = scale.resourceVersion();
        if (!expected.isEmpty() && !expected.equals(workload.resourceVersion())) {
            throw StatusError.modified(parent.groupResource(), workload.name());
        }
        workload.json().withObject("spec").put("replicas", replicas);
        return workload;
    }

    /** Upstream's ValidateScale: replicas may be absent (0) but never negative. */
    private static int validReplicas(Unstructured scale, String name) {
        JsonNode replicas = scale.json().path("spec").path("replicas");
        long value = replicas.isMissingNode() || replicas.isNull() ? 0 : replicas.asLong();
        boolean present = !replicas.isMissingNode() && !replicas.isNull();
        if (present && !(replicas.isIntegralNumber() && replicas.canConvertToInt())) {
            // Scale.spec.replicas is an int32: upstream's decoder refuses anything else before validation.
            throw StatusError.badRequest("json: cannot unmarshal " + goJsonType(replicas)
                    + " into Go struct field ScaleSpec.spec.replicas of type int32");
        }
        if (value < 0) {
            throw StatusError.invalid(SCALE.group(), SCALE.kind(), name, List.of(
                    FieldError.invalid("spec.replicas", value, "must be greater than or equal to 0")));
        }
        return (int) value;
    }

    /** How Go's JSON decoder names a value it cannot put in an int32. */
    private static String goJsonType(JsonNode value) {
        if (value.isNumber()) {
            return "number " + value;
        }
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            default -> "object";
        };
    }

    static Unstructured toScale(Unstructured workload) {
        ObjectNode scale = JsonNodeFactory.instance.objectNode();
        scale.put("kind", SCALE.kind());
        scale.put("apiVersion", SCALE.group() + "/" + SCALE.version());
        ObjectNode meta = scale.putObject("metadata");
        for (String field : META) {
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

    /** The workload's selector in label-selector syntax, as upstream's Scale status carries it. */
    private static String selector(JsonNode selector) {
        if (selector.isMissingNode() || selector.isNull()) {
            return "";
        }
        return LabelSelector.fromLabelSelector(JsonMapper.shared().treeToValue(selector,
                io.fabric8.kubernetes.api.model.LabelSelector.class)).toString();
    }
}
