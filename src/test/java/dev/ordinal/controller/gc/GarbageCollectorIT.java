package dev.ordinal.controller.gc;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.RestApi;
import dev.ordinal.testing.RestApi.Response;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Background, Foreground and Orphan deletion of a ConfigMap that owns other objects, over HTTP
 * and through kubectl's --cascade, as a cluster with upstream's garbage collector behaves.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GarbageCollectorIT {

    private static final String NS = "gc";
    private static final String CONFIGMAPS = "/api/v1/namespaces/" + NS + "/configmaps";
    private static final String SECRETS = "/api/v1/namespaces/" + NS + "/secrets";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    RestApi api;

    @BeforeAll
    void namespace() {
        api = new RestApi(port);
        api.create("/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NS + "\"}}");
    }

    @Test
    void backgroundDeletesTheOwnerAtOnceAndItsDependentsAfterwards() {
        JsonNode owner = configMap("bg-owner");
        secret("bg-secret", ownerReference(owner, true));
        configMap("bg-config", ownerReference(owner, false));

        Response deleted = api.delete(CONFIGMAPS + "/bg-owner", "{\"propagationPolicy\":\"Background\"}");

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(api.exists(CONFIGMAPS + "/bg-owner")).isFalse();
        await().atMost(PATIENCE).until(() -> !api.exists(SECRETS + "/bg-secret")
                && !api.exists(CONFIGMAPS + "/bg-config"));
    }

    @Test
    void aDeleteWithoutPolicyCollectsDependentsAsBackgroundDoes() {
        JsonNode owner = configMap("default-owner");
        secret("default-secret", ownerReference(owner, true));

        assertThat(api.delete(CONFIGMAPS + "/default-owner", "").status()).isEqualTo(200);

        assertThat(api.exists(CONFIGMAPS + "/default-owner")).isFalse();
        await().atMost(PATIENCE).until(() -> !api.exists(SECRETS + "/default-secret"));
    }

    @Test
    void foregroundKeepsTheOwnerUntilEveryBlockingDependentIsGone() {
        JsonNode owner = configMap("fg-owner");
        secret("fg-blocking", ownerReference(owner, true));
        configMap("fg-free", ownerReference(owner, false));
        secret("fg-held", ownerReference(owner, true), "example.com/hold");

        Response deleted = api.delete(CONFIGMAPS + "/fg-owner", "{\"propagationPolicy\":\"Foreground\"}");

        assertThat(deleted.status()).isBetween(200, 202);
        assertThat(deleted.text("metadata.deletionTimestamp")).isNotEmpty();
        assertThat(deleted.body().path("metadata").path("finalizers").toString()).isEqualTo("[\"foregroundDeletion\"]");
        await().atMost(PATIENCE).until(() -> !api.exists(SECRETS + "/fg-blocking")
                && !api.exists(CONFIGMAPS + "/fg-free")
                && !api.get(SECRETS + "/fg-held").text("metadata.deletionTimestamp").isEmpty());
        // The held dependent still exists, so the owner waits for it.
        assertThat(api.get(CONFIGMAPS + "/fg-owner").body().path("metadata").path("finalizers").toString())
                .isEqualTo("[\"foregroundDeletion\"]");

        api.mergePatch(SECRETS + "/fg-held", "{\"metadata\":{\"finalizers\":null}}");

        await().atMost(PATIENCE).until(() -> !api.exists(CONFIGMAPS + "/fg-owner"));
        assertThat(api.exists(SECRETS + "/fg-held")).isFalse();
    }

    @Test
    void foregroundDeletionCascadesToDependentsThatHaveBlockingDependentsOfTheirOwn() {
        JsonNode owner = configMap("chain-owner");
        JsonNode middle = secret("chain-middle", ownerReference(owner, true));
        configMap("chain-leaf", ownerReference(middle, true), "example.com/hold");

        api.delete(CONFIGMAPS + "/chain-owner", "{\"propagationPolicy\":\"Foreground\"}");

        await().atMost(PATIENCE).until(() -> api.get(SECRETS + "/chain-middle").body().path("metadata")
                .path("finalizers").toString().equals("[\"foregroundDeletion\"]"));
        assertThat(api.get(CONFIGMAPS + "/chain-leaf").text("metadata.deletionTimestamp")).isNotEmpty();
        assertThat(api.exists(CONFIGMAPS + "/chain-owner")).isTrue();

        api.mergePatch(CONFIGMAPS + "/chain-leaf", "{\"metadata\":{\"finalizers\":null}}");

        await().atMost(PATIENCE).until(() -> !api.exists(CONFIGMAPS + "/chain-owner"));
        assertThat(api.exists(SECRETS + "/chain-middle")).isFalse();
        assertThat(api.exists(CONFIGMAPS + "/chain-leaf")).isFalse();
    }

    @Test
    void orphanRemovesTheOwnerReferenceAndKeepsTheDependents() {
        JsonNode owner = configMap("orphan-owner");
        JsonNode other = configMap("orphan-other-owner");
        secret("orphan-secret", ownerReference(owner, true) + "," + ownerReference(other, false));
        configMap("orphan-config", ownerReference(owner, true));

        Response deleted = api.delete(CONFIGMAPS + "/orphan-owner", "{\"propagationPolicy\":\"Orphan\"}");

        assertThat(deleted.body().path("metadata").path("finalizers").toString()).as("%s", deleted)
                .isEqualTo("[\"orphan\"]");
        await().atMost(PATIENCE).until(() -> !api.exists(CONFIGMAPS + "/orphan-owner"));
        JsonNode secret = api.get(SECRETS + "/orphan-secret").body();
        assertThat(secret.path("metadata").path("ownerReferences")).hasSize(1);
        assertThat(secret.path("metadata").path("ownerReferences").get(0).path("name").asString())
                .isEqualTo("orphan-other-owner");
        JsonNode config = api.get(CONFIGMAPS + "/orphan-config").body();
        assertThat(config.path("metadata").has("ownerReferences")).isFalse();
        assertThat(config.path("metadata").has("deletionTimestamp")).isFalse();
    }

    @Test
    void theDeprecatedOrphanDependentsOrphansAndCannotBeCombinedWithAPolicy() {
        JsonNode owner = configMap("legacy-owner");
        secret("legacy-secret", ownerReference(owner, true));

        Response both = api.delete(CONFIGMAPS + "/legacy-owner",
                "{\"orphanDependents\":true,\"propagationPolicy\":\"Orphan\"}");
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.text("message")).isEqualTo("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: "
                + "Invalid value: \"Orphan\": orphanDependents and deletionPropagation cannot be both set");
        Response unknown = api.delete(CONFIGMAPS + "/legacy-owner", "{\"propagationPolicy\":\"Later\"}");
        assertThat(unknown.text("message")).isEqualTo("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: "
                + "Unsupported value: \"Later\": supported values: "
                + "\"Foreground\", \"Background\", \"Orphan\", \"nil\"");

        api.delete(CONFIGMAPS + "/legacy-owner", "{\"orphanDependents\":true}");

        await().atMost(PATIENCE).until(() -> !api.exists(CONFIGMAPS + "/legacy-owner"));
        assertThat(api.get(SECRETS + "/legacy-secret").body().path("metadata").has("ownerReferences")).isFalse();
    }

    @Test
    void dependentsOfOwnersThatNoLongerExistAreDeleted() {
        JsonNode owner = configMap("replaced");
        api.delete(CONFIGMAPS + "/replaced", "{\"propagationPolicy\":\"Orphan\"}");
        await().atMost(PATIENCE).until(() -> !api.exists(CONFIGMAPS + "/replaced"));
        configMap("replaced");

        // The new ConfigMap has the name but not the uid of the owner the secret names.
        secret("stale-secret", ownerReference(owner, false));

        await().atMost(PATIENCE).until(() -> !api.exists(SECRETS + "/stale-secret"));
        assertThat(api.exists(CONFIGMAPS + "/replaced")).isTrue();
    }

    @Test
    void aDependentWithALiveOwnerOnlyDropsTheReferenceToTheMissingOne() {
        JsonNode live = configMap("live-owner");
        String missing = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"never\","
                + "\"uid\":\"00000000-0000-0000-0000-000000000000\"}";
        secret("half-owned", ownerReference(live, true) + "," + missing);

        await().atMost(PATIENCE).until(() -> api.get(SECRETS + "/half-owned").body().path("metadata")
                .path("ownerReferences").size() == 1);
        assertThat(api.get(SECRETS + "/half-owned").body().path("metadata").path("ownerReferences").get(0)
                .path("name").asString()).isEqualTo("live-owner");
    }

    @Test
    void kubectlDeleteCascadesAsAsked() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Kubectl kubectl = new Kubectl(port, NS);
        JsonNode foreground = configMap("kubectl-fg");
        secret("kubectl-fg-secret", ownerReference(foreground, true));
        JsonNode background = configMap("kubectl-bg");
        secret("kubectl-bg-secret", ownerReference(background, true));
        JsonNode orphan = configMap("kubectl-orphan");
        secret("kubectl-orphan-secret", ownerReference(orphan, true));

        Kubectl.Result fg = kubectl.run("delete", "configmap", "kubectl-fg", "--cascade=foreground", "--timeout=30s");
        assertThat(fg.exitCode()).as(fg.toString()).isZero();
        assertThat(fg.out()).as(fg.toString()).isEqualTo("configmap \"kubectl-fg\" deleted\n");
        // kubectl waited for the owner, which waited for its blocking dependent.
        assertThat(api.exists(SECRETS + "/kubectl-fg-secret")).isFalse();

        Kubectl.Result bg = kubectl.run("delete", "configmap", "kubectl-bg", "--cascade=background", "--timeout=30s");
        assertThat(bg.exitCode()).as(bg.toString()).isZero();
        assertThat(bg.out()).as(bg.toString()).isEqualTo("configmap \"kubectl-bg\" deleted\n");
        await().atMost(PATIENCE).until(() -> !api.exists(SECRETS + "/kubectl-bg-secret"));

        Kubectl.Result orphaned = kubectl.run("delete", "configmap", "kubectl-orphan", "--cascade=orphan",
                "--timeout=30s");
        assertThat(orphaned.exitCode()).as(orphaned.toString()).isZero();
        assertThat(orphaned.out()).as(orphaned.toString()).isEqualTo("configmap \"kubectl-orphan\" deleted\n");
        assertThat(api.exists(CONFIGMAPS + "/kubectl-orphan")).isFalse();
        assertThat(api.get(SECRETS + "/kubectl-orphan-secret").body().path("metadata").has("ownerReferences"))
                .isFalse();
    }

    private JsonNode configMap(String name, String... ownersAndFinalizers) {
        return api.create(CONFIGMAPS, object("ConfigMap", name, ownersAndFinalizers));
    }

    private JsonNode secret(String name, String... ownersAndFinalizers) {
        return api.create(SECRETS, object("Secret", name, ownersAndFinalizers));
    }

    /** An object with the given ownerReferences (JSON, comma separated) and finalizers. */
    private static String object(String kind, String name, String... ownersAndFinalizers) {
        StringBuilder metadata = new StringBuilder("{\"name\":\"" + name + "\"");
        if (ownersAndFinalizers.length > 0) {
            metadata.append(",\"ownerReferences\":[").append(ownersAndFinalizers[0]).append("]");
        }
        if (ownersAndFinalizers.length > 1) {
            metadata.append(",\"finalizers\":[\"").append(ownersAndFinalizers[1]).append("\"]");
        }
        return "{\"apiVersion\":\"v1\",\"kind\":\"" + kind + "\",\"metadata\":" + metadata + "}}";
    }

    private static String ownerReference(JsonNode owner, boolean blockOwnerDeletion) {
        return "{\"apiVersion\":\"" + owner.path("apiVersion").asString() + "\",\"kind\":\""
                + owner.path("kind").asString() + "\",\"name\":\"" + owner.path("metadata").path("name").asString()
                + "\",\"uid\":\"" + owner.path("metadata").path("uid").asString() + "\",\"blockOwnerDeletion\":"
                + blockOwnerDeletion + "}";
    }
}
