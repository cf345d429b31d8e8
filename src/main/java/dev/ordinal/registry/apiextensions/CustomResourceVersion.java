package dev.ordinal.registry.apiextensions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.SimpleJsonPath;
import dev.ordinal.registry.apiextensions.schema.StructuralSchema;
import dev.ordinal.registry.cel.CustomResourceRules;

/**
 * One served version of a CustomResourceDefinition as its custom resources are served: its
 * schema, the schema's {@code x-kubernetes-validations} rules compiled once, whether it has the
 * status subresource, its scale paths and its selectable fields. Each version has its own, as
 * upstream serves each version with its own.
 */
record CustomResourceVersion(String name, StructuralSchema schema, CustomResourceRules rules, boolean status,
                             Optional<ScalePaths> scale, List<SimpleJsonPath> selectableFields) {

    /** The scale subresource's JSON paths; the label selector's is optional. */
    record ScalePaths(SimpleJsonPath specReplicas, SimpleJsonPath statusReplicas,
                      Optional<SimpleJsonPath> labelSelector) {
    }

    static CustomResourceVersion of(JsonNode version) {
        JsonNode subresources = version.path("subresources");
        JsonNode scale = subresources.path("scale");
        Optional<ScalePaths> scalePaths = scale.isObject() ? Optional.of(new ScalePaths(
                SimpleJsonPath.parse(scale.path("specReplicasPath").asString("")),
                SimpleJsonPath.parse(scale.path("statusReplicasPath").asString("")),
                scale.path("labelSelectorPath").asString("").isEmpty() ? Optional.empty()
                        : Optional.of(SimpleJsonPath.parse(scale.path("labelSelectorPath").asString("")))))
                : Optional.empty();
        List<SimpleJsonPath> selectable = new ArrayList<>();
        version.path("selectableFields").forEach(f -> selectable.add(SimpleJsonPath.parse(f.path("jsonPath").asString(""))));
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        return new CustomResourceVersion(version.path("name").asString(""), StructuralSchema.of(schema),
                compileRules(schema), subresources.path("status").isObject(), scalePaths, selectable);
    }

    /** A version without a schema has no rules. */
    static CustomResourceRules compileRules(JsonNode schema) {
        return CustomResourceRules.compile(schema.isObject()
                ? JsonMapper.shared().treeToValue(schema, JSONSchemaProps.class) : null);
    }
}
