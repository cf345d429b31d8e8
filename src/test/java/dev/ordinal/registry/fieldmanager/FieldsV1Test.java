package dev.ordinal.registry.fieldmanager;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.ordinal.registry.fieldmanager.SchemaSlice.JSON;
import static dev.ordinal.registry.fieldmanager.SchemaSlice.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FieldsV1 as upstream writes it: decoding then encoding gives back the same bytes. */
class FieldsV1Test {

    @ParameterizedTest
    @ValueSource(strings = {
        // kubectl-client-side-apply of a StatefulSet, as a v1.32 cluster records it
        """
        {"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},\
        "f:spec":{"f:podManagementPolicy":{},"f:replicas":{},"f:selector":{},"f:serviceName":{},\
        "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":\
        {"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},\
        "k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{},"f:name":{},\
        "f:protocol":{}}}}},"f:terminationGracePeriodSeconds":{}}}}}""",
        // a namespace's finalizers (a set) and a status condition
        """
        {"f:spec":{"f:finalizers":{".":{},"v:\\"kubernetes\\"":{}}},"f:status":{"f:conditions":\
        {"k:{\\"type\\":\\"Ready\\"}":{".":{},"f:status":{},"f:type":{}}}}}""",
        // an index into an atomic list and a bare member
        """
        {"f:a":{},"f:b":{"i:0":{},"i:10":{}}}"""
    })
    void roundTripsUpstreamEncodings(String encoded) {
        String decodedAndEncoded = JSON.writeValueAsString(FieldsV1.encode(FieldsV1.decode(JSON.readTree(encoded))));
        assertThat(decodedAndEncoded).isEqualTo(encoded);
    }

    @Test
    void decodesPathsWithKeysValuesAndMembersThatAlsoHaveChildren() {
        FieldSet set = FieldsV1.decode(json("""
                {"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                 "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{}}}},
                 "f:finalizers":{"v:\\"a\\"":{}}}"""));
        assertThat(set.paths()).extracting(FieldPath::toString).containsExactly(
                ".finalizers[=\"a\"]",
                ".metadata.labels",
                ".metadata.labels.app",
                ".spec.containers[name=\"nginx\"]",
                ".spec.containers[name=\"nginx\"].image");
    }

    @Test
    void keysAreSortedByNameAndEncodedAsGoDoes() {
        PathElement key = PathElement.key(List.of(
                new PathElement.KeyField("protocol", JSON.readTree("\"TCP\"")),
                new PathElement.KeyField("containerPort", JSON.readTree("8080"))));
        assertThat(key.encode()).isEqualTo("k:{\"containerPort\":8080,\"protocol\":\"TCP\"}");
        assertThat(key.toString()).isEqualTo("[containerPort=8080,protocol=\"TCP\"]");
        assertThat(PathElement.value(JSON.readTree("\"<a&b>\"")).encode()).isEqualTo("v:\"\\u003ca\\u0026b\\u003e\"");
    }

    @Test
    void elementsOfUnknownTypeAreDroppedAndBrokenOnesRejected() {
        assertThat(FieldsV1.decode(json("{\"f:a\":{},\"z:future\":{}}")).paths())
                .containsExactly(FieldPath.fields("a"));
        assertThatThrownBy(() -> FieldsV1.decode(json("{\"k:{oops\":{}}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldsOfAnAppliedStatefulSetAreTheOnesAClusterRecords() {
        FieldSet set = FieldSets.of(json("""
                {"apiVersion": "apps/v1", "kind": "StatefulSet",
                 "metadata": {"name": "web", "labels": {"app": "nginx"}},
                 "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "nginx"}},
                   "template": {"metadata": {"labels": {"app": "nginx"}},
                     "spec": {"containers": [{"name": "nginx", "image": "nginx-slim:0.24",
                       "ports": [{"containerPort": 80, "name": "web"}]}]}},
                   "volumeClaimTemplates": [{"metadata": {"name": "www"}}]}}"""), SchemaSlice.STATEFUL_SET);
        assertThat(JSON.writeValueAsString(FieldsV1.encode(set))).isEqualTo("""
                {"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:labels":{"f:app":{}},"f:name":{}},\
                "f:spec":{"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},\
                "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},\
                "f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{},\
                "f:name":{}}}}}}},"f:volumeClaimTemplates":{}}}""");
    }
}
