package dev.ordinal.registry.fieldmanager;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static dev.ordinal.registry.fieldmanager.SchemaSlice.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Unknown and duplicate fields as upstream's strict JSON decoder names them. */
class StrictDecodingTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unknownAndDuplicateFieldsInDocumentOrderByTheirPaths() {
        assertThat(StrictDecoding.errors(bytes("""
                {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web", "labels": {"any": "x"}},
                 "spec": {"replicas": 1, "bogusField": {"deep": 1}, "replicas": 2,
                   "template": {"spec": {"containers": [{"name": "a"}, {"name": "b", "imagee": "x"}]}}}}"""),
                SchemaSlice.STATEFUL_SET)).containsExactly(
                "unknown field \"spec.bogusField\"",
                "duplicate field \"spec.replicas\"",
                "unknown field \"spec.template.spec.containers[1].imagee\"");
    }

    @Test
    void mapsPreservedUnknownFieldsAndFreeFormObjectsTakeAnyKey() {
        assertThat(StrictDecoding.errors(bytes("""
                {"known": "a", "data": {"x": "1"}, "raw": {"y": {"z": 1}},
                 "free": {"declared": "d", "other": {"deeper": true}}, "nope": 1}"""), SchemaSlice.WIDGET))
                .containsExactly("unknown field \"nope\"");
    }

    @Test
    void pruningDropsUnknownFieldsFromTheObject() {
        ObjectNode object = json("""
                {"spec": {"replicas": 1, "bogusField": true, "template": {"spec": {"containers": [{"name": "a", "x": 1}]}}}}""");
        assertThat(StrictDecoding.pruneUnknown(object, SchemaSlice.STATEFUL_SET)).containsExactly(
                "unknown field \"spec.bogusField\"", "unknown field \"spec.template.spec.containers[0].x\"");
        assertThat(object.toString()).isEqualTo(
                "{\"spec\":{\"replicas\":1,\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}}}");
    }

    @Test
    void repeatedKeysAreReportedAsTheYamlDecoderOfApplyDoes() {
        assertThat(StrictDecoding.repeatedKeys(bytes("{\"spec\":{\"replicas\":1,\n\"replicas\":2}}")))
                .containsExactly("line 2: key \"replicas\" already set in map");
    }

    @Test
    void appliedConfigurationsAreCheckedAgainstTheSchema() {
        assertThat(ApplyValidation.errors(json("""
                {"spec": {"template": {"spec": {"containers": [{"name": "a", "bogus": 1}, "x"]}}}}"""),
                SchemaSlice.STATEFUL_SET)).containsExactly(
                ".spec.template.spec.containers[name=\"a\"].bogus: field not declared in schema",
                ".spec.template.spec.containers: element 1: associative list with keys may not have non-map elements");
    }
}
