package dev.ordinal.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input kube-apiserver refuses while decoding or before it: each answers a meta/v1 Status with
 * upstream's code and message, nothing of it is stored, and none of it is a 5xx.
 */
@ServerTest
@Timeout(60)
class HostileInputIT {

    private static final String STATEFUL_SETS = "/apis/apps/v1/namespaces/default/statefulsets";
    private static final String PODS = "/api/v1/namespaces/default/pods";
    private static final String CONFIG_MAPS = "/api/v1/namespaces/default/configmaps";

    @LocalServerPort
    int port;

    private Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private static String statefulSet(String name, String replicas) {
        return """
                {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"%s"},
                 "spec":{"replicas":%s,"serviceName":"web","selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"web","image":"nginx"}]}}}}""".formatted(name, replicas);
    }

    private static String pod(String name, String grace) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s"},
                 "spec":{"terminationGracePeriodSeconds":%s,"containers":[{"name":"c","image":"busybox"}]}}"""
                .formatted(name, grace);
    }

    private static String configMap(String metadata) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":" + metadata + ",\"data\":{\"a\":\"b\"}}";
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = http.request(path).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build());
    }

    /** The response is a Status with this code and reason; answers its message. */
    private static String status(HttpResponse<String> response, int code, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(code);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode status = Http.json(response);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("code").asInt()).isEqualTo(code);
        assertThat(status.path("reason").asString()).isEqualTo(reason);
        return status.path("message").asString();
    }

    @Test
    void fieldsOfTheWrongTypeAreRefusedAsUpstreamsDecoderRefusesThem() {
        assertThat(status(http.post(STATEFUL_SETS, "application/json", statefulSet("quoted", "\"2\"")), 400,
                "BadRequest")).isEqualTo("StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: "
                + "cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32");
        assertThat(status(http.post(STATEFUL_SETS, "application/json", statefulSet("half", "1.5")), 400,
                "BadRequest")).endsWith("json: cannot unmarshal number 1.5 into Go struct field "
                + "StatefulSetSpec.spec.replicas of type int32");
        assertThat(status(http.post(PODS, "application/json", pod("forever", "1e30")), 400, "BadRequest"))
                .isEqualTo("Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number 1e30 "
                        + "into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64");
        assertThat(status(http.post(CONFIG_MAPS, "application/json", configMap("{\"name\":123}")), 400,
                "BadRequest")).endsWith("json: cannot unmarshal number into Go struct field "
                + "ObjectMeta.metadata.name of type string");
        assertThat(status(http.post(CONFIG_MAPS, "application/json",
                configMap("{\"name\":\"listed\",\"labels\":[\"a\"]}")), 400, "BadRequest"))
                .endsWith("json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels "
                        + "of type map[string]string");
        assertThat(status(http.post(PODS, "application/yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: yaml}
                spec:
                  containers:
                  - {name: c, image: busybox, ports: [{containerPort: "80"}]}
                """), 400, "BadRequest")).endsWith("json: cannot unmarshal string into Go struct field "
                + "ContainerPort.spec.containers.ports.containerPort of type int32");
        for (String name : new String[]{"quoted", "half", "listed"}) {
            assertThat(http.get(STATEFUL_SETS + "/" + name).statusCode()).isEqualTo(404);
            assertThat(http.get(CONFIG_MAPS + "/" + name).statusCode()).isEqualTo(404);
        }
        assertThat(http.get(PODS + "/forever").statusCode()).isEqualTo(404);
    }

    @Test
    void aHugeNumberInAnIntegerFieldOfAnUpdateIsABadRequest() {
        assertThat(http.post(STATEFUL_SETS, "application/json", statefulSet("huge", "1")).statusCode())
                .isEqualTo(201);
        String message = status(http.put(STATEFUL_SETS + "/huge", statefulSet("huge", "99999999999999999999999")),
                400, "BadRequest");
        assertThat(message).endsWith("json: cannot unmarshal number 99999999999999999999999 into Go struct field "
                + "StatefulSetSpec.spec.replicas of type int32");
        assertThat(Http.json(http.get(STATEFUL_SETS + "/huge")).path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/merge-patch+json", "application/strategic-merge-patch+json"})
    void aPatchThatLeavesAFieldOfTheWrongTypeIsInvalid(String contentType) {
        String name = contentType.startsWith("application/merge") ? "merged" : "strategic";
        assertThat(http.post(STATEFUL_SETS, "application/json", statefulSet(name, "1")).statusCode()).isEqualTo(201);
        String message = status(send("PATCH", STATEFUL_SETS + "/" + name, contentType,
                "{\"spec\":{\"replicas\":\"3\"}}"), 422, "Invalid");
        assertThat(message).startsWith(" \"\" is invalid: patch: Invalid value: ")
                .endsWith(": json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas "
                        + "of type int32");
        status(send("PATCH", STATEFUL_SETS + "/" + name, contentType, "{\"metadata\":{\"labels\":[\"a\"]}}"),
                422, "Invalid");
        assertThat(Http.json(http.get(STATEFUL_SETS + "/" + name)).path("spec").path("replicas").asInt())
                .isEqualTo(1);
    }

    @Test
    void aJsonPatchOrAnApplyThatLeavesAFieldOfTheWrongTypeIsRefused() {
        assertThat(http.post(STATEFUL_SETS, "application/json", statefulSet("jsonpatched", "1")).statusCode())
                .isEqualTo(201);
        status(send("PATCH", STATEFUL_SETS + "/jsonpatched", "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":1.5}]"), 422, "Invalid");
        assertThat(status(send("PATCH", STATEFUL_SETS + "/jsonpatched?fieldManager=test",
                "application/apply-patch+yaml", "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\","
                        + "\"metadata\":{\"name\":\"jsonpatched\"},\"spec\":{\"replicas\":\"7\"}}"), 400, "BadRequest"))
                .contains("cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32");
        status(send("PATCH", STATEFUL_SETS + "/applied?fieldManager=test", "application/apply-patch+yaml",
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"applied\","
                        + "\"labels\":[\"a\"]}}"), 400, "BadRequest");
        assertThat(http.get(STATEFUL_SETS + "/applied").statusCode()).isEqualTo(404);
        assertThat(Http.json(http.get(STATEFUL_SETS + "/jsonpatched")).path("spec").path("replicas").asInt())
                .isEqualTo(1);
    }

    @Test
    void theStatusAndScaleSubresourcesDecodeTheirBodiesAlike() {
        assertThat(http.post(STATEFUL_SETS, "application/json", statefulSet("scaled", "1")).statusCode())
                .isEqualTo(201);
        assertThat(status(send("PATCH", STATEFUL_SETS + "/scaled/scale", "application/merge-patch+json",
                "{\"spec\":{\"replicas\":\"5\"}}"), 422, "Invalid"))
                .endsWith(": json: cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32");
        assertThat(status(http.put(STATEFUL_SETS + "/scaled/scale", "{\"apiVersion\":\"autoscaling/v1\","
                + "\"kind\":\"Scale\",\"metadata\":{\"name\":\"scaled\"},\"spec\":{\"replicas\":\"5\"}}"), 400,
                "BadRequest")).isEqualTo("Scale in version \"v1\" cannot be handled as a Scale: json: cannot "
                + "unmarshal string into Go struct field ScaleSpec.spec.replicas of type int32");
        status(send("PATCH", STATEFUL_SETS + "/scaled/status", "application/merge-patch+json",
                "{\"status\":{\"readyReplicas\":\"5\"}}"), 422, "Invalid");
        assertThat(Http.json(http.get(STATEFUL_SETS + "/scaled")).path("spec").path("replicas").asInt())
                .isEqualTo(1);
    }

    @Test
    void deleteOptionsAreDecodedAsTheirType() {
        assertThat(http.post(CONFIG_MAPS, "application/json", configMap("{\"name\":\"kept\"}")).statusCode())
                .isEqualTo(201);
        assertThat(status(send("DELETE", CONFIG_MAPS + "/kept", "application/json",
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":\"soon\"}"), 400,
                "BadRequest")).endsWith("json: cannot unmarshal string into Go struct field "
                + "DeleteOptions.gracePeriodSeconds of type int64");
        assertThat(http.get(CONFIG_MAPS + "/kept").statusCode()).isEqualTo(200);
    }

    private static String deep(int depth) {
        return "{\"metadata\":{\"annotations\":{\"a\":\"b\"}},\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/apply-patch+yaml", "application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json"})
    void deeplyNestedPatchesAreBadRequests(String contentType) {
        assertThat(http.post(CONFIG_MAPS, "application/json", configMap("{\"name\":\"deep\"}")).statusCode())
                .isIn(201, 409);
        String body = contentType.equals("application/json-patch+json")
                ? "[{\"op\":\"add\",\"path\":\"/x\",\"value\":" + "[".repeat(3000) + "]".repeat(3000) + "}]"
                : deep(3000);
        HttpResponse<String> response = send("PATCH", CONFIG_MAPS + "/deep?fieldManager=test", contentType, body);
        assertThat(status(response, 400, "BadRequest")).isNotEmpty();
        HttpResponse<String> yaml = send("PATCH", CONFIG_MAPS + "/deep?fieldManager=test",
                "application/apply-patch+yaml", "x: " + "[".repeat(3000) + "]".repeat(3000));
        status(yaml, 400, "BadRequest");
    }

    @Test
    void aListWhereLabelsShouldBeIsABadRequestOnEveryPath() {
        assertThat(status(http.post(CONFIG_MAPS + "?labelSelector=a", "application/json",
                configMap("{\"name\":\"l\",\"labels\":[\"a\",\"b\"]}")), 400, "BadRequest")).isNotEmpty();
        assertThat(status(http.post(CONFIG_MAPS, "application/yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: l\n  labels: [a]\n"), 400, "BadRequest"))
                .contains("of type map[string]string");
    }

    @Test
    void malformedContinueTokensAreBadRequests() {
        String negative = java.util.Base64.getUrlEncoder().encodeToString(
                "{\"v\":\"meta.k8s.io/v1\",\"rv\":-5,\"start\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        for (String token : new String[]{negative, "%25zz", "e30", "!!!", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiIifQ",
                "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6InJ2In0"}) {
            HttpResponse<String> response = http.get(CONFIG_MAPS + "?limit=1&continue=" + token);
            assertThat(status(response, 400, "BadRequest")).as(token).startsWith("invalid continue token: ");
        }
    }

    @Test
    void anUnparseableAcceptHeaderIsNotAcceptable() {
        HttpResponse<String> response = http.send(http.request(CONFIG_MAPS).header("Accept", ";;;").GET().build());
        status(response, 406, "NotAcceptable");
    }

    @Test
    void resolvingWithoutANameIsABadRequest() {
        HttpResponse<String> response = http.get("/dns/resolve");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("kind").asString()).isEqualTo("Status");
    }

    @Test
    void aBodyOverThreeMebibytesIsTooLargeBeforeItIsRead() {
        String padding = "x".repeat(3 * 1024 * 1024);
        String message = status(http.post(CONFIG_MAPS, "application/json",
                configMap("{\"name\":\"big\"}").replace("\"b\"}", "\"" + padding + "\"}")), 413,
                "RequestEntityTooLarge");
        assertThat(message).isEqualTo("Request entity too large: limit is 3145728");
        // Sent chunked, the body announces no length: the limit is on what is read.
        HttpResponse<String> chunked = http.send(http.request(CONFIG_MAPS).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        configMap("{\"name\":\"big\"}").replace("\"b\"}", "\"" + padding + "\"}")
                                .getBytes(StandardCharsets.UTF_8)))).build());
        status(chunked, 413, "RequestEntityTooLarge");
        assertThat(http.get(CONFIG_MAPS + "/big").statusCode()).isEqualTo(404);
    }

    @Test
    void aTenMegabyteYamlScalarIsRefusedAtOnce() {
        long start = System.nanoTime();
        HttpResponse<String> response = http.post(CONFIG_MAPS, "application/yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scalar\ndata:\n  a: " + "y".repeat(10_000_000));
        status(response, 413, "RequestEntityTooLarge");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void yamlAliasesAreBounded() {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\n"
                + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        HttpResponse<String> response = http.post(CONFIG_MAPS, "application/yaml", yaml.toString());
        assertThat(response.statusCode()).isLessThan(500);
        assertThat(http.get(CONFIG_MAPS + "/laughs").statusCode()).isEqualTo(404);
    }

    @Test
    void largeMetadataAndObjectsAreRefusedAsUpstreamRefusesThem() {
        String annotations = "{\"name\":\"annotated\",\"annotations\":{\"a\":\"" + "v".repeat(256 * 1024) + "\"}}";
        assertThat(status(http.post(CONFIG_MAPS, "application/json", configMap(annotations)), 422, "Invalid"))
                .contains("metadata.annotations: Too long: ");
        String label = "{\"name\":\"labelled\",\"labels\":{\"a\":\"" + "v".repeat(64) + "\"}}";
        assertThat(status(http.post(CONFIG_MAPS, "application/json", configMap(label)), 422, "Invalid"))
                .contains("must be no more than 63 characters");
        // A ConfigMap holds at most 1 MiB of data (its own validation); a StatefulSet has no such limit.
        String large = statefulSet("large", "0").replace("\"image\":\"nginx\"",
                "\"image\":\"nginx\",\"env\":[{\"name\":\"A\",\"value\":\"" + "v".repeat(1600 * 1024) + "\"}]");
        assertThat(status(http.post(STATEFUL_SETS, "application/json", large), 413, "RequestEntityTooLarge"))
                .isEqualTo("etcdserver: request is too large");
        assertThat(http.get(STATEFUL_SETS + "/large").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "kube-system", "kube-public"})
    void theSystemNamespacesCannotBeDeleted(String namespace) {
        HttpResponse<String> response = send("DELETE", "/api/v1/namespaces/" + namespace, null, null);
        assertThat(status(response, 403, "Forbidden")).isEqualTo("namespaces \"" + namespace
                + "\" is forbidden: this namespace may not be deleted");
        assertThat(Http.json(http.get("/api/v1/namespaces/" + namespace)).path("status").path("phase").asString())
                .isEqualTo("Active");
    }

    @Test
    void aWatchFromAResourceVersionTheStoreHasNotReachedTimesOut() {
        long current = Long.parseLong(Http.json(http.get(CONFIG_MAPS)).path("metadata").path("resourceVersion")
                .asString());
        long start = System.nanoTime();
        HttpResponse<String> response = http.get(CONFIG_MAPS + "?watch=true&resourceVersion=" + (current + 1000));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        // The controllers may write meanwhile: the store is at least where it was.
        assertThat(status(response, 504, "Timeout")).matches("Timeout: Too large resource version: "
                + (current + 1000) + ", current: \\d+");
        JsonNode cause = Http.json(response).path("details").path("causes").path(0);
        assertThat(cause.path("reason").asString()).isEqualTo("ResourceVersionTooLarge");
        assertThat(cause.path("message").asString()).isEqualTo("Too large resource version");
        assertThat(Http.json(response).path("details").path("retryAfterSeconds").asInt()).isEqualTo(1);
    }
}
