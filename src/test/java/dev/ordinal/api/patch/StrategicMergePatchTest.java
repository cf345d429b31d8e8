package dev.ordinal.api.patch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strategic merge patch against the cases kubectl sends (captured bodies) and upstream's directives. */
class StrategicMergePatchTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A slice of the real schema: containers by name, ports by containerPort, finalizers merged. */
    private static final JsonNode SCHEMAS = JSON.readTree("""
            {
              "StatefulSet": {"properties": {
                "metadata": {"allOf": [{"$ref": "#/components/schemas/ObjectMeta"}]},
                "spec": {"allOf": [{"$ref": "#/components/schemas/StatefulSetSpec"}]}}},
              "ObjectMeta": {"properties": {
                "finalizers": {"type": "array", "items": {"type": "string"},
                  "x-kubernetes-patch-strategy": "merge"}}},
              "StatefulSetSpec": {"properties": {
                "template": {"allOf": [{"$ref": "#/components/schemas/PodTemplateSpec"}]},
                "updateStrategy": {"allOf": [{"$ref": "#/components/schemas/Strategy"}],
                  "x-kubernetes-patch-strategy": "retainKeys"}}},
              "Strategy": {"properties": {}},
              "PodTemplateSpec": {"properties": {
                "spec": {"allOf": [{"$ref": "#/components/schemas/PodSpec"}]}}},
              "PodSpec": {"properties": {
                "containers": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/Container"}]},
                  "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "name"},
                "tolerations": {"type": "array", "items": {"type": "object"}}}},
              "Container": {"properties": {
                "ports": {"type": "array", "items": {"$ref": "#/components/schemas/ContainerPort"},
                  "x-kubernetes-patch-strategy": "merge", "x-kubernetes-patch-merge-key": "containerPort"}}},
              "ContainerPort": {"properties": {}}
            }
            """);

    private static final String LIVE = """
            {"apiVersion": "apps/v1", "kind": "StatefulSet",
             "metadata": {"name": "web", "labels": {"app": "nginx", "env": "prod"}, "finalizers": ["a"]},
             "spec": {"replicas": 2,
               "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
               "template": {"metadata": {"labels": {"app": "nginx"}},
                 "spec": {"tolerations": [{"key": "x"}],
                   "containers": [
                     {"name": "nginx", "image": "nginx-slim:0.24", "ports": [{"containerPort": 80, "name": "web"}]},
                     {"name": "sidecar", "image": "busybox"}]}}}}
            """;

    private static ObjectNode patch(String patch) {
        return StrategicMergePatch.apply((ObjectNode) JSON.readTree(LIVE), (ObjectNode) JSON.readTree(patch),
                OpenApiPatchSchema.of(SCHEMAS, "StatefulSet"));
    }

    @Test
    void containersMergeByNameKeepingWhatThePatchDoesNotName() {
        ObjectNode result = patch("""
                {"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx-slim:0.25"}]}}}}""");
        JsonNode containers = result.at("/spec/template/spec/containers");
        assertThat(containers).hasSize(2);
        assertThat(containers.get(0).path("image").asString()).isEqualTo("nginx-slim:0.25");
        assertThat(containers.get(0).path("ports").get(0).path("name").asString()).isEqualTo("web");
        assertThat(containers.get(1).path("name").asString()).isEqualTo("sidecar");
    }

    @Test
    void setElementOrderOrdersAndIsNotStored() {
        ObjectNode result = patch("""
                {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"nginx"}],
                  "containers":[{"name":"nginx","image":"nginx-slim:0.27"}]}}}}""");
        JsonNode spec = result.at("/spec/template/spec");
        assertThat(spec.get("containers").get(0).path("name").asString()).isEqualTo("sidecar");
        assertThat(spec.get("containers").get(1).path("image").asString()).isEqualTo("nginx-slim:0.27");
        assertThat(spec.has("$setElementOrder/containers")).isFalse();
    }

    @Test
    void replaceDirectiveOnAMapReplacesItAsRevisionDataDoes() {
        ObjectNode result = patch("""
                {"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"nginx"}},
                  "spec":{"containers":[{"name":"nginx","image":"nginx-slim:0.24"}]}}}}""");
        JsonNode template = result.at("/spec/template");
        assertThat(template.has("$patch")).isFalse();
        assertThat(template.at("/spec/containers")).hasSize(1);
        assertThat(template.at("/spec/tolerations").isMissingNode()).isTrue();
    }

    @Test
    void nullDeletesAKey() {
        ObjectNode result = patch("{\"metadata\":{\"labels\":{\"env\":null}}}");
        assertThat(result.at("/metadata/labels").has("env")).isFalse();
        assertThat(result.at("/metadata/labels/app").asString()).isEqualTo("nginx");
    }

    @Test
    void listsWithoutMergeStrategyAreReplaced() {
        ObjectNode result = patch("{\"spec\":{\"template\":{\"spec\":{\"tolerations\":[{\"key\":\"y\"}]}}}}");
        assertThat(result.at("/spec/template/spec/tolerations")).hasSize(1);
        assertThat(result.at("/spec/template/spec/tolerations/0/key").asString()).isEqualTo("y");
    }

    @Test
    void mergedScalarListsUniteAndDeleteFromPrimitiveListRemoves() {
        assertThat(patch("{\"metadata\":{\"finalizers\":[\"b\",\"a\"]}}").at("/metadata/finalizers").toString())
                .isEqualTo("[\"a\",\"b\"]");
        assertThat(patch("{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"a\"]}}")
                .at("/metadata/finalizers")).isEmpty();
    }

    @Test
    void deleteDirectiveInAListRemovesTheElementWithThatKey() {
        ObjectNode result = patch("""
                {"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""");
        assertThat(result.at("/spec/template/spec/containers")).hasSize(1);
        assertThat(result.at("/spec/template/spec/containers/0/name").asString()).isEqualTo("nginx");
    }

    @Test
    void replaceDirectiveInAListReplacesTheList() {
        ObjectNode result = patch("""
                {"spec":{"template":{"spec":{"containers":[{"name":"only","image":"x"},{"$patch":"replace"}]}}}}""");
        assertThat(result.at("/spec/template/spec/containers")).hasSize(1);
        assertThat(result.at("/spec/template/spec/containers/0/name").asString()).isEqualTo("only");
    }

    @Test
    void retainKeysDropsUnlistedKeys() {
        ObjectNode result = patch("""
                {"spec":{"updateStrategy":{"$retainKeys":["type"],"type":"OnDelete"}}}""");
        assertThat(result.at("/spec/updateStrategy").toString()).isEqualTo("{\"type\":\"OnDelete\"}");
    }

    @Test
    void mergeKeyMissingFromAnElementIsRejected() {
        assertThatThrownBy(() -> patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}"))
                .isInstanceOf(InvalidPatchException.class)
                .hasMessageContaining("does not contain declared merge key: name");
    }
}
