package dev.ordinal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta.DeleteOptions;
import io.kubernetes.client.proto.Meta.MicroTime;
import io.kubernetes.client.proto.Meta.ObjectMeta;
import io.kubernetes.client.proto.Meta.Preconditions;
import io.kubernetes.client.proto.Meta.Time;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime.RawExtension;
import io.kubernetes.client.proto.Runtime.TypeMeta;
import io.kubernetes.client.proto.Runtime.Unknown;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProtobufObjectDecoderTest {

    @Test
    void namespaceWithLabels() {
        var namespace = V1.Namespace.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName("demo").putLabels("team", "core").putLabels("tier", "db"))
                .build();

        assertJson(decode("v1", "Namespace", namespace), """
                {"kind": "Namespace", "apiVersion": "v1",
                 "metadata": {"name": "demo", "labels": {"team": "core", "tier": "db"}}}""");
    }

    @Test
    void deleteOptionsUnderTheClientsGroupVersion() {
        // metav1's option kinds are registered in every group-version; a typed client's delete
        // (kubectl drain) sends its DeleteOptions under the apiVersion of the resource's group.
        var options = DeleteOptions.newBuilder()
                .setGracePeriodSeconds(30)
                .setPreconditions(Preconditions.newBuilder().setUid("u-1"))
                .setPropagationPolicy("Background")
                .build();

        assertJson(decode("v1", "DeleteOptions", options), """
                {"kind": "DeleteOptions", "apiVersion": "v1", "gracePeriodSeconds": 30,
                 "preconditions": {"uid": "u-1"}, "propagationPolicy": "Background"}""");
        assertThat(ProtobufObjectDecoder.decode(envelope("apps/v1", "DeleteOptions", options.toByteString()))
                .get("propagationPolicy").asString()).isEqualTo("Background");
    }

    @Test
    void configMapWithDataKeepsAnExplicitFalse() {
        var configMap = V1.ConfigMap.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName("settings").setNamespace("default"))
                .putData("a", "1")
                .putData("b", "two")
                .setImmutable(false)
                .build();

        assertJson(decode("v1", "ConfigMap", configMap), """
                {"kind": "ConfigMap", "apiVersion": "v1",
                 "metadata": {"name": "settings", "namespace": "default"},
                 "data": {"a": "1", "b": "two"}, "immutable": false}""");
    }

    @Test
    void secretBytesBecomeBase64() {
        var secret = V1.Secret.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName("creds"))
                .putData("password", ByteString.copyFromUtf8("hunter2"))
                .putData("blob", ByteString.copyFrom(new byte[] {0, (byte) 0xff, 1}))
                .setType("Opaque")
                .build();

        assertJson(decode("v1", "Secret", secret), """
                {"kind": "Secret", "apiVersion": "v1", "metadata": {"name": "creds"},
                 "data": {"password": "aHVudGVyMg==", "blob": "AP8B"}, "type": "Opaque"}""");
    }

    @Test
    void servicePortsWithIntAndStringTargetPorts() {
        var service = V1.Service.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName("web"))
                .setSpec(V1.ServiceSpec.newBuilder()
                        .setType("ClusterIP")
                        .putSelector("app", "web")
                        .addPorts(V1.ServicePort.newBuilder().setName("api").setProtocol("TCP").setPort(5678)
                                .setTargetPort(IntOrString.newBuilder().setType(0).setIntVal(8080)))
                        .addPorts(V1.ServicePort.newBuilder().setName("http").setProtocol("TCP").setPort(80)
                                .setTargetPort(IntOrString.newBuilder().setType(1).setStrVal("http"))))
                .build();

        assertJson(decode("v1", "Service", service), """
                {"kind": "Service", "apiVersion": "v1", "metadata": {"name": "web"},
                 "spec": {"type": "ClusterIP", "selector": {"app": "web"}, "ports": [
                   {"name": "api", "protocol": "TCP", "port": 5678, "targetPort": 8080},
                   {"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http"}]}}""");
    }

    @Test
    void timesAreRfc3339InSecondsAndMicroTimesInMicroseconds() {
        var event = V1.Event.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName("e1")
                        .setCreationTimestamp(Time.newBuilder().setSeconds(1_700_000_000L).setNanos(999_999_999)))
                .setReason("Started")
                .setEventTime(MicroTime.newBuilder().setSeconds(1_700_000_000L).setNanos(123_456_789))
                // What client-go sends for a zero (unset) metav1.Time that is not a pointer.
                .setFirstTimestamp(Time.getDefaultInstance())
                .build();

        assertJson(decode("v1", "Event", event), """
                {"kind": "Event", "apiVersion": "v1",
                 "metadata": {"name": "e1", "creationTimestamp": "2023-11-14T22:13:20Z"},
                 "reason": "Started", "eventTime": "2023-11-14T22:13:20.123456Z"}""");
    }

    @Test
    void quantitiesAreStrings() {
        var claim = V1.PersistentVolumeClaim.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName("data"))
                .setSpec(V1.PersistentVolumeClaimSpec.newBuilder()
                        .addAccessModes("ReadWriteOnce")
                        .setStorageClassName("")
                        .setResources(V1.VolumeResourceRequirements.newBuilder()
                                .putRequests("storage", Quantity.newBuilder().setString("1Gi").build())))
                .build();

        assertJson(decode("v1", "PersistentVolumeClaim", claim), """
                {"kind": "PersistentVolumeClaim", "apiVersion": "v1", "metadata": {"name": "data"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "",
                          "resources": {"requests": {"storage": "1Gi"}}}}""");
    }

    @Test
    void rawExtensionsAreInlinedJson() {
        var revision = V1Apps.ControllerRevision.newBuilder()
                .setMetadata(ObjectMeta.newBuilder().setName("web-7d9c"))
                .setData(RawExtension.newBuilder().setRaw(utf8("{\"spec\":{\"replicas\":3}}")))
                .setRevision(2)
                .build();

        assertJson(decode("apps/v1", "ControllerRevision", revision), """
                {"kind": "ControllerRevision", "apiVersion": "apps/v1", "metadata": {"name": "web-7d9c"},
                 "data": {"spec": {"replicas": 3}}, "revision": 2}""");
    }

    @ParameterizedTest
    @CsvSource({
        "v1, Pod",
        "v1, ServiceAccount",
        "apps/v1, StatefulSet",
        "batch/v1, CronJob",
        "networking.k8s.io/v1, Ingress",
        "rbac.authorization.k8s.io/v1, ClusterRoleBinding",
        "policy/v1, PodDisruptionBudget",
        "scheduling.k8s.io/v1, PriorityClass",
        "authentication.k8s.io/v1, TokenRequest",
        "autoscaling/v2beta2, HorizontalPodAutoscaler",
    })
    void findsTheSchemaOfEveryBuiltInGroup(String apiVersion, String kind) {
        byte[] body = envelope(apiVersion, kind, utf8(""));

        assertJson(ProtobufObjectDecoder.decode(body),
                "{\"kind\": \"" + kind + "\", \"apiVersion\": \"" + apiVersion + "\"}");
    }

    /** Captured from {@code kubectl create namespace demo} (kubectl 1.32). */
    @Test
    void kubectlCreateNamespaceSendsEveryNonPointerField() {
        byte[] body = HexFormat.of().parseHex(
                "6b3873000a0f0a02763112094e616d657370616365121c0a140a0464656d6f12001a0022002a0032003800"
                        + "420012001a020a001a002200");

        assertJson(ProtobufObjectDecoder.decode(body), """
                {"kind": "Namespace", "apiVersion": "v1",
                 "metadata": {"name": "demo", "generateName": "", "namespace": "", "selfLink": "",
                              "uid": "", "resourceVersion": "", "generation": 0},
                 "spec": {}, "status": {"phase": ""}}""");
    }

    /** Captured from {@code kubectl create service clusterip svc1 --tcp=5678:8080 --tcp=80:http}. */
    @Test
    void kubectlCreateServiceSendsIntAndStringTargetPorts() {
        byte[] body = HexFormat.of().parseHex(
                "6b3873000a0d0a027631120753657276696365128f010a210a047376633112001a0022002a0032003800"
                        + "42005a0b0a0361707012047376633112660a1e0a09353637382d38303830120354435018ae2c2207"
                        + "080010903f1a0028000a1e0a0738302d6874747012035443501850220a080110001a046874747028"
                        + "00120b0a036170701204737663311a002209436c757374657249503a00420052005a006000680"
                        + "01a020a001a002200");

        JsonNode ports = ProtobufObjectDecoder.decode(body).get("spec").get("ports");

        assertJson(ports, """
                [{"name": "5678-8080", "protocol": "TCP", "port": 5678, "targetPort": 8080, "nodePort": 0},
                 {"name": "80-http", "protocol": "TCP", "port": 80, "targetPort": "http", "nodePort": 0}]""");
    }

    /** Captured from {@code kubectl create deployment d1 --image=nginx --replicas=0}. */
    @Test
    void kubectlCreateDeploymentKeepsZeroReplicasAndDropsTheZeroTimestamp() {
        byte[] body = HexFormat.of().parseHex(
                "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412a7010a1d0a02643112001a0022002a"
                        + "003200380042005a090a036170701202643112780800120b0a090a03617070120264311a5f0a1b0a00"
                        + "12001a0022002a003200380042005a090a0361707012026431124012220a056e67696e7812056e6769"
                        + "6e782a0042006a007200800100880100900100a201001a00320042004a00520058006000680082010"
                        + "08a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200");

        JsonNode deployment = ProtobufObjectDecoder.decode(body);

        assertThat(deployment.get("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(deployment.get("spec").get("replicas").asInt()).isZero();
        assertJson(deployment.get("spec").get("selector"), "{\"matchLabels\": {\"app\": \"d1\"}}");
        assertThat(deployment.get("metadata").has("creationTimestamp")).isFalse();
        assertThat(deployment.get("spec").get("template").get("spec").get("containers").get(0).get("image").asString())
                .isEqualTo("nginx");
    }

    @Test
    void rejectsABodyWithoutTheMagic() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProtobufObjectDecoder.decode(utf8("{\"kind\":\"Namespace\"}").toByteArray()))
                .withMessageContaining("not a Kubernetes protobuf envelope");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProtobufObjectDecoder.decode(new byte[] {'k', '8'}))
                .withMessageContaining("not a Kubernetes protobuf envelope");
    }

    @Test
    void rejectsAnEnvelopeThatIsNotProtobuf() {
        byte[] body = HexFormat.of().parseHex("6b387300" + "0a0f0a027631");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProtobufObjectDecoder.decode(body))
                .withMessageContaining("not a Kubernetes protobuf envelope")
                .withCauseInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void rejectsAnEnvelopeWithoutKind() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProtobufObjectDecoder.decode(envelope("v1", "", utf8(""))))
                .withMessageContaining("apiVersion and kind");
    }

    @ParameterizedTest
    @CsvSource({"v1, Widget", "apps.example.com/v1, Deployment", "v2, Pod", "meta, Status"})
    void rejectsKindsWithoutASchema(String apiVersion, String kind) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProtobufObjectDecoder.decode(envelope(apiVersion, kind, utf8(""))))
                .withMessageContaining("no protobuf schema is known for apiVersion " + apiVersion + " kind " + kind);
    }

    @Test
    void rejectsAnObjectThatDoesNotMatchItsSchema() {
        var namespace = V1.Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("demo")).build();
        ByteString truncated = namespace.toByteString().substring(0, 5);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProtobufObjectDecoder.decode(envelope("v1", "Namespace", truncated)))
                .withMessageContaining("not a valid v1 Namespace")
                .withCauseInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void rejectsARawExtensionThatIsNotJson() {
        var revision = V1Apps.ControllerRevision.newBuilder()
                .setData(RawExtension.newBuilder().setRaw(utf8("{\"spec\":")))
                .build();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> decode("apps/v1", "ControllerRevision", revision))
                .withMessageContaining("RawExtension does not hold JSON");
    }

    private static JsonNode decode(String apiVersion, String kind, Message object) {
        return ProtobufObjectDecoder.decode(envelope(apiVersion, kind, object.toByteString()));
    }

    /**
     * Frames an object as client-go's protobuf serializer does: the magic, then a runtime.Unknown
     * whose content encoding and type are written even though empty.
     */
    private static byte[] envelope(String apiVersion, String kind, ByteString raw) {
        var unknown = Unknown.newBuilder()
                .setTypeMeta(TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(raw)
                .setContentEncoding("")
                .setContentType("")
                .build();
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }

    /** Compares as parsed trees, so that int and long nodes of the same value are equal. */
    private static void assertJson(JsonNode actual, String expected) {
        var mapper = JsonMapper.shared();
        assertThat(mapper.readTree(actual.toString())).isEqualTo(mapper.readTree(expected));
    }
}
