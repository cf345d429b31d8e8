package dev.ordinal.registry.apiextensions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.SimpleJsonPath;
import dev.ordinal.registry.apiextensions.schema.StructuralSchema;

/**
 * One served version of a CustomResourceDefinition as its custom resources are served: its
 * schema, whether it has the status subresource, its scale paths and its selectable fields. Each
 * version has its own, as upstream serves each version with its own.
 */
record CustomResourceVersion(String name, StructuralSchema schema, boolean status, Optional<ScalePaths> scale,
                             List<SimpleJsonPath> selectableFields) {

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
        return new CustomResourceVersion(version.path("name").asString(""),
                StructuralSchema.of(version.path("schema").path("openAPIV3Schema")), subresources.path("status").isObject(),
                scalePaths, selectable);
    }
}
