package dev.ordinal.controller.statefulset;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The StatefulSet controller in the real server, seen through the API: pods with their identity,
 * claims, a revision and status for a new set; ordered scale-down; a rolling update; adoption of
 * what a set deleted with orphaning left behind.
 */
@ServerTest
class StatefulSetControllerIT {

    private static final String WEB = """
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"nginx"}},"serviceName":"nginx",
              "podManagementPolicy":"OrderedReady",
              "updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
              "revisionHistoryLimit":10,
              "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"},
              "template":{"metadata":{"labels":{"app":"nginx"}},
               "spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}},
              "volumeClaimTemplates":[{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"www"},
               "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
            """;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String namespace = "sts-" + UUID.randomUUID().toString().substring(0, 8);
    private PodOrder pods;

    @BeforeEach
    void namespaceAndPodOrder() {
        send("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + namespace + "\"}}", "application/json");
        pods = new PodOrder(http, base(), namespace).start();
    }

    @AfterEach
    void stopPodOrder() throws InterruptedException {
        pods.close();
    }

    @Test
    void aNewSetGetsOrderedPodsWithIdentityClaimsARevisionAndStatus() {
        JsonNode created = send("POST", sets(), WEB, "application/json");

        JsonNode status = awaitSettled(3);

        assertThat(pods.added()).containsExactly("web-0", "web-1", "web-2");
        List<JsonNode> revisions = items(get("/apis/apps/v1/namespaces/" + namespace + "/controllerrevisions"));
        assertThat(revisions).singleElement().satisfies(revision -> {
            String hash = revision.at("/metadata/labels").path(ControllerRevisions.HASH_LABEL).asString();
            assertThat(revision.at("/metadata/name").asString()).isEqualTo("web-" + hash);
            assertThat(hash).matches("[4-9bcdf]{1,10}");
            assertThat(revision.path("revision").asLong()).isEqualTo(1);
            assertThat(revision.at("/data/spec/template/$patch").asString()).isEqualTo("replace");
            assertThat(revision.at("/metadata/ownerReferences/0/uid").asString())
                    .isEqualTo(created.at("/metadata/uid").asString());
        });
        String revision = revisions.get(0).at("/metadata/name").asString();
        assertThat(status.path("replicas").asInt()).isEqualTo(3);
        assertThat(status.path("readyReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("currentReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("currentRevision").asString()).isEqualTo(revision);
        assertThat(status.path("updateRevision").asString()).isEqualTo(revision);
        assertThat(status.path("collisionCount").asInt(-1)).isZero();
        assertThat(status.path("observedGeneration").asLong(0))
                .isEqualTo(get(sets() + "/web").at("/metadata/generation").asLong(0));

        for (int ordinal = 0; ordinal < 3; ordinal++) {
            JsonNode pod = get("/api/v1/namespaces/" + namespace + "/pods/web-" + ordinal);
            JsonNode labels = pod.at("/metadata/labels");
            assertThat(labels.path("app").asString()).isEqualTo("nginx");
            assertThat(labels.path(PodIdentity.REVISION_LABEL).asString()).isEqualTo(revision);
            assertThat(labels.path(PodIdentity.POD_NAME_LABEL).asString()).isEqualTo("web-" + ordinal);
            assertThat(labels.path(PodIdentity.POD_INDEX_LABEL).asString()).isEqualTo(Integer.toString(ordinal));
            JsonNode owner = pod.at("/metadata/ownerReferences/0");
            assertThat(owner.path("kind").asString()).isEqualTo("StatefulSet");
            assertThat(owner.path("uid").asString()).isEqualTo(created.at("/metadata/uid").asString());
            assertThat(owner.path("controller").asBoolean()).isTrue();
            assertThat(owner.path("blockOwnerDeletion").asBoolean()).isTrue();
            assertThat(pod.at("/spec/hostname").asString()).isEqualTo("web-" + ordinal);
            assertThat(pod.at("/spec/subdomain").asString()).isEqualTo("nginx");
            assertThat(pod.at("/spec/volumes/0/persistentVolumeClaim/claimName").asString())
                    .isEqualTo("www-web-" + ordinal);

            JsonNode claim = get("/api/v1/namespaces/" + namespace + "/persistentvolumeclaims/www-web-" + ordinal);
            assertThat(claim.at("/metadata/labels/app").asString()).isEqualTo("nginx");
            assertThat(claim.at("/metadata/ownerReferences").isMissingNode()).isTrue();
        }
        List<String> messages = new ArrayList<>();
        items(get("/api/v1/namespaces/" + namespace + "/events")).forEach(e -> messages.add(e.path("message").asString()));
        assertThat(messages).contains("create Pod web-0 in StatefulSet web successful",
                "create Claim www-web-0 Pod web-0 in StatefulSet web success");
    }

    @Test
    void scalingDownDeletesTheHighestOrdinalFirst() {
        send("POST", sets(), WEB, "application/json");
        awaitSettled(3);

        send("PATCH", sets() + "/web/scale", "{\"spec\":{\"replicas\":1}}", "application/merge-patch+json");

        JsonNode status = awaitSettled(1);
        assertThat(pods.deleted()).containsExactly("web-2", "web-1");
        assertThat(status.path("replicas").asInt()).isEqualTo(1);
        assertThat(items(get("/api/v1/namespaces/" + namespace + "/persistentvolumeclaims")))
                .as("claims are retained").hasSize(3);
    }

    @Test
    void anImageChangeRollsPodsFromTheHighestOrdinal() {
        send("POST", sets(), WEB, "application/json");
        String before = awaitSettled(3).path("currentRevision").asString();

        send("PATCH", sets() + "/web", "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                + "[{\"name\":\"nginx\",\"image\":\"nginx:1.26\"}]}}}}", "application/merge-patch+json");

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode status = get(sets() + "/web").path("status");
            return !status.path("currentRevision").asString().equals(before)
                    && status.path("updatedReplicas").asInt() == 3 && status.path("readyReplicas").asInt() == 3;
        });
        assertThat(pods.deleted()).containsExactly("web-2", "web-1", "web-0");
        JsonNode status = get(sets() + "/web").path("status");
        String after = status.path("updateRevision").asString();
        assertThat(status.path("currentRevision").asString()).isEqualTo(after);
        assertThat(status.path("currentReplicas").asInt()).isEqualTo(3);
        for (JsonNode pod : items(get("/api/v1/namespaces/" + namespace + "/pods"))) {
            assertThat(pod.at("/metadata/labels").path(PodIdentity.REVISION_LABEL).asString()).isEqualTo(after);
            assertThat(pod.at("/spec/containers/0/image").asString()).isEqualTo("nginx:1.26");
        }
        List<JsonNode> revisions = items(get("/apis/apps/v1/namespaces/" + namespace + "/controllerrevisions"));
        assertThat(revisions).extracting(r -> r.at("/metadata/name").asString()).containsExactlyInAnyOrder(before, after);
        assertThat(revisions).extracting(r -> r.path("revision").asLong()).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aSetCreatedAgainAdoptsThePodsAndTheRevisionItsPredecessorLeftOrphaned() {
        send("POST", sets(), WEB, "application/json");
        awaitSettled(3);
        send("DELETE", sets() + "/web", "{\"propagationPolicy\":\"Orphan\"}", "application/json");
        await().atMost(Duration.ofSeconds(30)).until(() -> items(get("/api/v1/namespaces/" + namespace + "/pods"))
                .stream().allMatch(pod -> pod.at("/metadata/ownerReferences").isMissingNode()));

        String uid = send("POST", sets(), WEB, "application/json").at("/metadata/uid").asString();

        awaitSettled(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> items(get("/api/v1/namespaces/" + namespace + "/pods"))
                .stream().allMatch(pod -> pod.at("/metadata/ownerReferences/0/uid").asString().equals(uid)));
        assertThat(pods.added()).as("the pods are adopted, not created again").containsExactly("web-0", "web-1", "web-2");
        assertThat(items(get("/apis/apps/v1/namespaces/" + namespace + "/controllerrevisions"))).singleElement()
                .satisfies(revision -> assertThat(revision.at("/metadata/ownerReferences/0/uid").asString())
                        .isEqualTo(uid));
    }

    /** Waits until the set has {@code replicas} pods, all ready and at the update revision. */
    private JsonNode awaitSettled(int replicas) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode status = get(sets() + "/web").path("status");
            return status.path("replicas").asInt() == replicas && status.path("readyReplicas").asInt() == replicas
                    && status.path("updatedReplicas").asInt(0) == replicas
                    && items(get("/api/v1/namespaces/" + namespace + "/pods")).size() == replicas;
        });
        return get(sets() + "/web").path("status");
    }

    private String sets() {
        return "/apis/apps/v1/namespaces/" + namespace + "/statefulsets";
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static List<JsonNode> items(JsonNode list) {
        List<JsonNode> items = new ArrayList<>();
        list.path("items").forEach(items::add);
        return items;
    }

    private JsonNode get(String path) {
        return send("GET", path, null, null);
    }

    private JsonNode send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isLessThan(300);
            return JsonMapper.shared().readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
