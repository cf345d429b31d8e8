package dev.ordinal.registry.apps;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The autoscaling/v1 Scale of a StatefulSet, read and written as upstream's ScaleREST. */
class ScaleStorageTest {

    private static final ResourceDefinition STATEFUL_SETS =
            ResourceDefinition.builder("apps", "v1", "StatefulSet", "statefulsets").build();

    @Test
    void theScaleCarriesTheWorkloadsIdentityReplicasAndSelector() {
        Unstructured scale = ScaleStorage.toScale(statefulSet());
        assertThat(scale.json()).isEqualTo(json("""
                {"kind": "Scale", "apiVersion": "autoscaling/v1",
                 "metadata": {"name": "web", "namespace": "default", "uid": "u-1", "resourceVersion": "7",
                              "creationTimestamp": "2024-01-01T00:00:00Z"},
                 "spec": {"replicas": 3},
                 "status": {"replicas": 2, "selector": "app=web,tier in (front)"}}"""));
    }

    @Test
    void aWrittenScaleSetsTheWorkloadsReplicasAndNothingElse() {
        Unstructured workload = statefulSet();
        Unstructured scaled = ScaleStorage.scaled(STATEFUL_SETS, workload.deepCopy(), scale -> {
            scale.json().withObject("spec").put("replicas", 5);
            return scale;
        });
        Unstructured expected = statefulSet();
        expected.json().withObject("spec").put("replicas", 5);
        assertThat(scaled).isEqualTo(expected);
    }

    @Test
    void replicasLeftOutMeanZero() {
        Unstructured scaled = ScaleStorage.scaled(STATEFUL_SETS, statefulSet(), scale -> {
            scale.json().withObject("spec").remove("replicas");
            return scale;
        });
        assertThat(scaled.json().at("/spec/replicas").asInt()).isZero();
    }

    @Test
    void negativeReplicasAreInvalid() {
        StatusError error = catchThrowableOfType(StatusError.class, () ->
                ScaleStorage.scaled(STATEFUL_SETS, statefulSet(), scale -> {
                    scale.json().withObject("spec").put("replicas", -1);
                    return scale;
                }));
        assertThat(error.code()).isEqualTo(422);
        assertThat(error.getMessage()).isEqualTo("Scale.autoscaling \"web\" is invalid: spec.replicas: "
                + "Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void replicasThatAreNoInt32AreRefusedAsUpstreamsDecoderRefusesThem() {
        StatusError tooMany = catchThrowableOfType(StatusError.class, () ->
                ScaleStorage.scaled(STATEFUL_SETS, statefulSet(), scale -> {
                    scale.json().withObject("spec").put("replicas", 3_000_000_000L);
                    return scale;
                }));
        assertThat(tooMany.code()).isEqualTo(400);
        assertThat(tooMany.getMessage()).isEqualTo("json: cannot unmarshal number 3000000000 into Go struct field "
                + "ScaleSpec.spec.replicas of type int32");
        StatusError text = catchThrowableOfType(StatusError.class, () ->
                ScaleStorage.scaled(STATEFUL_SETS, statefulSet(), scale -> {
                    scale.json().withObject("spec").put("replicas", "3");
                    return scale;
                }));
        assertThat(text.code()).isEqualTo(400);
        assertThat(text.getMessage()).contains("cannot unmarshal string");
    }

    @Test
    void aScalesResourceVersionIsAPreconditionOnTheWorkloads() {
        StatusError error = catchThrowableOfType(StatusError.class, () ->
                ScaleStorage.scaled(STATEFUL_SETS, statefulSet(), scale -> {
                    scale.setMeta("resourceVersion", "6");
                    return scale;
                }));
        assertThat(error.code()).isEqualTo(409);
    }

    private static Unstructured statefulSet() {
        return new Unstructured(json("""
                {"kind": "StatefulSet", "apiVersion": "apps/v1",
                 "metadata": {"name": "web", "namespace": "default", "uid": "u-1", "resourceVersion": "7",
                              "generation": 4, "creationTimestamp": "2024-01-01T00:00:00Z"},
                 "spec": {"replicas": 3, "serviceName": "web",
                          "selector": {"matchLabels": {"app": "web"},
                                       "matchExpressions": [{"key": "tier", "operator": "In", "values": ["front"]}]}},
                 "status": {"replicas": 2}}"""));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) JsonMapper.shared().readTree(text);
    }
}
