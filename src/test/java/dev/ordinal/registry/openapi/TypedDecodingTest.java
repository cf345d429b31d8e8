package dev.ordinal.registry.openapi;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TypedDecodingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final KindSchemas SCHEMAS = new KindSchemas(JSON);
    private static final String STATEFUL_SET = "io.k8s.api.apps.v1.StatefulSet";
    private static final String POD = "io.k8s.api.core.v1.Pod";
    private static final String SERVICE = "io.k8s.api.core.v1.Service";
    private static final String CONFIG_MAP = "io.k8s.api.core.v1.ConfigMap";

    /** The error decoding {@code json} as sent, numbers quoted as written. */
    private static Optional<String> sent(String group, String schema, String json) {
        return TypedDecoding.error(SCHEMAS.components(group, "v1"), schema, JSON.createParser(json), true);
    }

    /** The error decoding {@code json} as a tree, as a patch's result is. */
    private static Optional<String> tree(String group, String schema, String json) {
        return TypedDecoding.error(SCHEMAS.components(group, "v1"), schema,
                JSON.readTree(json).traverse(ObjectReadContext.empty()), false);
    }

    private static String statefulSet(String spec) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"web\"},\"spec\":" + spec
                + "}";
    }

    private static String podSpec(String spec) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":" + spec + "}";
    }

    @Test
    void aValidObjectDecodes() {
        assertThat(sent("apps", STATEFUL_SET, statefulSet("""
                {"replicas":3,"serviceName":"web","selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"},"creationTimestamp":null},
                  "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}],
                   "resources":{"limits":{"cpu":"500m","memory":1073741824}}}]}},
                 "updateStrategy":{"rollingUpdate":{"maxUnavailable":"25%","partition":0}},
                 "bogusField":[1,2,{"x":true}]}"""))).isEmpty();
    }

    @Test
    void integersAreNeitherStringsNorFractionsNorOutOfRange() {
        assertThat(sent("apps", STATEFUL_SET, statefulSet("{\"replicas\":\"2\"}"))).hasValue("json: cannot unmarshal "
                + "string into Go struct field StatefulSetSpec.spec.replicas of type int32");
        assertThat(sent("apps", STATEFUL_SET, statefulSet("{\"replicas\":1.5}"))).hasValue("json: cannot unmarshal "
                + "number 1.5 into Go struct field StatefulSetSpec.spec.replicas of type int32");
        assertThat(sent("apps", STATEFUL_SET, statefulSet("{\"replicas\":2.0}"))).hasValue("json: cannot unmarshal "
                + "number 2.0 into Go struct field StatefulSetSpec.spec.replicas of type int32");
        assertThat(sent("apps", STATEFUL_SET, statefulSet("{\"replicas\":3000000000}"))).hasValue("json: cannot "
                + "unmarshal number 3000000000 into Go struct field StatefulSetSpec.spec.replicas of type int32");
        assertThat(sent("", POD, podSpec("{\"terminationGracePeriodSeconds\":1e30}"))).hasValue("json: cannot "
                + "unmarshal number 1e30 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64");
        assertThat(sent("", POD, podSpec("{\"terminationGracePeriodSeconds\":9223372036854775807}"))).isEmpty();
    }

    @Test
    void aTreeQuotesItsNumbersAsGoWritesAFloat64() {
        assertThat(tree("", POD, podSpec("{\"terminationGracePeriodSeconds\":1e30}"))).hasValue("json: cannot "
                + "unmarshal number 1e+30 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64");
    }

    @Test
    void fieldsAreNamedByTheirStructAndTheirPathWithoutIndexes() {
        assertThat(sent("", POD, podSpec("{\"containers\":[{\"name\":\"c\"},{\"name\":\"d\",\"ports\":"
                + "[{\"containerPort\":\"80\"}]}]}"))).hasValue("json: cannot unmarshal string into Go struct field "
                + "ContainerPort.spec.containers.ports.containerPort of type int32");
        assertThat(sent("apps", STATEFUL_SET, statefulSet("\"x\""))).hasValue("json: cannot unmarshal string into "
                + "Go struct field StatefulSet.spec of type v1.StatefulSetSpec");
        assertThat(sent("", POD, podSpec("{\"containers\":{\"name\":\"c\"}}"))).hasValue("json: cannot "
                + "unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container");
    }

    @Test
    void mapsTakeObjectsOfTheirValueType() {
        String labelsList = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\","
                + "\"labels\":[\"a\"]}}";
        assertThat(sent("", CONFIG_MAP, labelsList)).hasValue("json: cannot unmarshal array into Go struct field "
                + "ObjectMeta.metadata.labels of type map[string]string");
        assertThat(sent("", CONFIG_MAP, "{\"metadata\":{\"labels\":{\"a\":1}}}")).hasValue("json: cannot "
                + "unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
        assertThat(sent("", CONFIG_MAP, "{\"metadata\":{\"name\":123}}")).hasValue("json: cannot unmarshal "
                + "number into Go struct field ObjectMeta.metadata.name of type string");
    }

    @Test
    void typesWithDecodersOfTheirOwnAnswerTheirOwnErrors() {
        assertThat(sent("", SERVICE, "{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":\"http\"}]}}")).isEmpty();
        assertThat(sent("", SERVICE, "{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":1.5}]}}"))
                .hasValue("json: cannot unmarshal number 1.5 into Go value of type int32");
        assertThat(sent("", POD, podSpec("{\"containers\":[{\"resources\":{\"requests\":{\"cpu\":\"1iK\"}}}]}")))
                .hasValue("unable to parse quantity's suffix");
        assertThat(sent("", POD, podSpec("{\"containers\":[{\"resources\":{\"requests\":{\"cpu\":true}}}]}")))
                .hasValue("quantities must match the regular expression "
                        + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        assertThat(sent("", CONFIG_MAP, "{\"metadata\":{\"creationTimestamp\":\"2024-13-01T00:00:00Z\"}}"))
                .hasValue("parsing time \"2024-13-01T00:00:00Z\": month out of range");
        assertThat(sent("", CONFIG_MAP, "{\"metadata\":{\"creationTimestamp\":\"soon\"}}"))
                .hasValue("parsing time \"soon\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"soon\" as \"2006\"");
        assertThat(sent("", CONFIG_MAP, "{\"metadata\":{\"creationTimestamp\":7}}"))
                .hasValue("json: cannot unmarshal number into Go value of type string");
        assertThat(sent("", CONFIG_MAP, "{\"binaryData\":{\"a\":\"AAE=\",\"b\":\"!!\"}}"))
                .hasValue("illegal base64 data at input byte 0");
        assertThat(sent("", CONFIG_MAP, "{\"binaryData\":{\"a\":\"AAEC\"}}")).isEmpty();
    }

    @Test
    void timesAreReadAsGoReadsRfc3339() {
        assertThat(RfcTime.check("2024-05-01T12:00:00Z")).isEmpty();
        assertThat(RfcTime.check("2024-05-01T12:00:00.123456+02:00")).isEmpty();
        assertThat(RfcTime.check("2024-02-30T12:00:00Z")).hasValue("parsing time \"2024-02-30T12:00:00Z\": "
                + "day out of range");
        assertThat(RfcTime.check("2024-05-01 12:00:00Z")).hasValue("parsing time \"2024-05-01 12:00:00Z\" as "
                + "\"2006-01-02T15:04:05Z07:00\": cannot parse \" 12:00:00Z\" as \"T\"");
        assertThat(RfcTime.check("2024-05-01T12:00:00Zed")).hasValue("parsing time \"2024-05-01T12:00:00Zed\": "
                + "extra text: \"ed\"");
    }
}
