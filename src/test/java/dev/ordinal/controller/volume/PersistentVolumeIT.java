package dev.ordinal.controller.volume;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.RestApi;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claims and volumes over HTTP as on a cluster with upstream's PV controller, the default
 * StorageClass and the storage protection finalizers. The server has a database of its own, so
 * that its StorageClasses are the ones it starts with, whatever classes other tests create.
 */
@ServerTest
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:ordinal-volumes;DB_CLOSE_DELAY=-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PersistentVolumeIT {

    private static final String NS = "volumes";
    private static final String CLAIMS = "/api/v1/namespaces/" + NS + "/persistentvolumeclaims";
    private static final String VOLUMES = "/api/v1/persistentvolumes";
    private static final String PODS = "/api/v1/namespaces/" + NS + "/pods";
    private static final String CLASSES = "/apis/storage.k8s.io/v1/storageclasses";
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
    void theDefaultStorageClassIsStandard() {
        JsonNode standard = api.get(CLASSES + "/standard").body();
        assertThat(standard.path("metadata").path("annotations").path("storageclass.kubernetes.io/is-default-class")
                .asString()).isEqualTo("true");
        assertThat(standard.path("provisioner").asString()).isEqualTo("ordinal.dev/hostpath");
        assertThat(standard.path("reclaimPolicy").asString()).isEqualTo("Delete");
        assertThat(standard.path("volumeBindingMode").asString()).isEqualTo("Immediate");
    }

    @Test
    void aClaimWithoutClassIsProvisionedAVolumeAndBoundToIt() {
        JsonNode created = api.create(CLAIMS, claim("data", "", "2Gi", "ReadWriteOnce"));
        assertThat(created.path("spec").path("storageClassName").asString()).isEqualTo("standard");
        assertThat(created.path("metadata").path("finalizers").toString())
                .isEqualTo("[\"kubernetes.io/pvc-protection\"]");
        String uid = created.path("metadata").path("uid").asString();

        JsonNode claim = awaitPhase(CLAIMS + "/data", "Bound");

        String volumeName = "pvc-" + uid;
        assertThat(claim.path("spec").path("volumeName").asString()).isEqualTo(volumeName);
        assertThat(claim.path("status").path("capacity").path("storage").asString()).isEqualTo("2Gi");
        assertThat(claim.path("status").path("accessModes").toString()).isEqualTo("[\"ReadWriteOnce\"]");
        JsonNode annotations = claim.path("metadata").path("annotations");
        assertThat(annotations.path("pv.kubernetes.io/bind-completed").asString()).isEqualTo("yes");
        assertThat(annotations.path("pv.kubernetes.io/bound-by-controller").asString()).isEqualTo("yes");
        assertThat(annotations.path("volume.kubernetes.io/storage-provisioner").asString())
                .isEqualTo("ordinal.dev/hostpath");

        JsonNode volume = awaitPhase(VOLUMES + "/" + volumeName, "Bound");
        assertThat(volume.path("spec").path("capacity").path("storage").asString()).isEqualTo("2Gi");
        assertThat(volume.path("spec").path("accessModes").toString()).isEqualTo("[\"ReadWriteOnce\"]");
        assertThat(volume.path("spec").path("persistentVolumeReclaimPolicy").asString()).isEqualTo("Delete");
        assertThat(volume.path("spec").path("storageClassName").asString()).isEqualTo("standard");
        assertThat(volume.path("spec").path("hostPath").path("path").asString())
                .isEqualTo("/tmp/hostpath-provisioner/volumes/data");
        assertThat(volume.path("spec").path("claimRef").path("uid").asString()).isEqualTo(uid);
        assertThat(volume.path("spec").path("claimRef").path("name").asString()).isEqualTo("data");
        assertThat(volume.path("metadata").path("annotations").path("pv.kubernetes.io/provisioned-by").asString())
                .isEqualTo("ordinal.dev/hostpath");
        assertThat(volume.path("metadata").path("finalizers").toString())
                .isEqualTo("[\"kubernetes.io/pv-protection\"]");
        assertThat(events("data")).contains("ProvisioningSucceeded: Successfully provisioned volume " + volumeName
                + " using ordinal.dev/hostpath");
    }

    @Test
    void aClaimBindsTheSmallestStaticVolumeThatFits() {
        api.create(VOLUMES, volume("manual-10g", "manual", "10Gi", "Retain", "ReadWriteOnce"));
        api.create(VOLUMES, volume("manual-3g", "manual", "3Gi", "Retain", "ReadWriteOnce"));
        api.create(VOLUMES, volume("manual-1g", "manual", "1Gi", "Retain", "ReadWriteOnce"));
        api.create(VOLUMES, volume("manual-2g-rwx", "manual", "2Gi", "Retain", "ReadWriteOnce", "ReadWriteMany"));
        api.create(VOLUMES, volume("other-2g", "other", "2Gi", "Retain", "ReadWriteOnce"));
        for (String name : new String[] {"manual-10g", "manual-3g", "manual-1g", "manual-2g-rwx", "other-2g"}) {
            awaitPhase(VOLUMES + "/" + name, "Available");
        }

        api.create(CLAIMS, claim("fits", "manual", "2Gi", "ReadWriteOnce"));
        api.create(CLAIMS, claim("shared", "manual", "2Gi", "ReadWriteMany"));

        // Volumes with exactly the requested modes come first; then the smallest one that is large enough.
        assertThat(awaitPhase(CLAIMS + "/fits", "Bound").path("spec").path("volumeName").asString())
                .isEqualTo("manual-3g");
        JsonNode shared = awaitPhase(CLAIMS + "/shared", "Bound");
        assertThat(shared.path("spec").path("volumeName").asString()).isEqualTo("manual-2g-rwx");
        assertThat(shared.path("status").path("accessModes").toString())
                .isEqualTo("[\"ReadWriteOnce\",\"ReadWriteMany\"]");
        JsonNode volume = awaitPhase(VOLUMES + "/manual-3g", "Bound");
        assertThat(volume.path("spec").path("claimRef").path("name").asString()).isEqualTo("fits");
        assertThat(volume.path("metadata").path("annotations").path("pv.kubernetes.io/bound-by-controller")
                .asString()).isEqualTo("yes");
        assertThat(api.get(VOLUMES + "/manual-1g").text("status.phase")).isEqualTo("Available");
        assertThat(api.get(VOLUMES + "/other-2g").text("status.phase")).isEqualTo("Available");
    }

    @Test
    void aClaimAskingForATooSmallVolumeByNameStaysPending() {
        api.create(VOLUMES, volume("tiny", "manual", "100Mi", "Retain", "ReadWriteOnce"));
        awaitPhase(VOLUMES + "/tiny", "Available");

        api.create(CLAIMS, claim("wants-tiny", "manual", "1Gi", "ReadWriteOnce")
                .replace("\"spec\":{", "\"spec\":{\"volumeName\":\"tiny\","));

        await().atMost(PATIENCE).until(() -> events("wants-tiny")
                .contains("VolumeMismatch: Cannot bind to requested volume \"tiny\": requested PV is too small"));
        assertThat(api.get(CLAIMS + "/wants-tiny").text("status.phase")).isEqualTo("Pending");
    }

    @Test
    void releasedVolumesAreDeletedOrRetainedByTheirReclaimPolicy() {
        api.create(CLASSES, "{\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\","
                + "\"metadata\":{\"name\":\"keep\"},\"provisioner\":\"ordinal.dev/hostpath\","
                + "\"reclaimPolicy\":\"Retain\"}");
        String deleted = "pvc-" + api.create(CLAIMS, claim("scratch", "standard", "1Gi", "ReadWriteOnce"))
                .path("metadata").path("uid").asString();
        String retained = "pvc-" + api.create(CLAIMS, claim("precious", "keep", "1Gi", "ReadWriteOnce"))
                .path("metadata").path("uid").asString();
        awaitPhase(VOLUMES + "/" + deleted, "Bound");
        assertThat(awaitPhase(VOLUMES + "/" + retained, "Bound").path("spec").path("persistentVolumeReclaimPolicy")
                .asString()).isEqualTo("Retain");

        api.delete(CLAIMS + "/scratch", "");
        api.delete(CLAIMS + "/precious", "");

        await().atMost(PATIENCE).until(() -> !api.exists(VOLUMES + "/" + deleted));
        JsonNode kept = awaitPhase(VOLUMES + "/" + retained, "Released");
        assertThat(kept.path("spec").path("claimRef").path("name").asString()).isEqualTo("precious");
        assertThat(kept.path("metadata").has("deletionTimestamp")).isFalse();
    }

    @Test
    void aClaimUsedByAScheduledPodStaysTerminatingUntilThePodIsGone() {
        api.create(CLAIMS, claim("in-use", "", "1Gi", "ReadWriteOnce"));
        awaitPhase(CLAIMS + "/in-use", "Bound");
        api.create(PODS, pod("user", "node-1", "in-use"));

        api.delete(CLAIMS + "/in-use", "");

        JsonNode terminating = api.get(CLAIMS + "/in-use").body();
        assertThat(terminating.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> api.exists(CLAIMS + "/in-use"));

        api.delete(PODS + "/user", "{\"gracePeriodSeconds\":0}");

        await().atMost(PATIENCE).until(() -> !api.exists(CLAIMS + "/in-use"));
    }

    @Test
    void aBoundVolumeStaysTerminatingUntilItsClaimIsGone() {
        api.create(VOLUMES, volume("guarded", "guard", "1Gi", "Retain", "ReadWriteOnce"));
        awaitPhase(VOLUMES + "/guarded", "Available");
        api.create(CLAIMS, claim("guard", "guard", "1Gi", "ReadWriteOnce"));
        awaitPhase(VOLUMES + "/guarded", "Bound");

        api.delete(VOLUMES + "/guarded", "");

        await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> api.exists(VOLUMES + "/guarded"));
        assertThat(api.get(VOLUMES + "/guarded").text("metadata.deletionTimestamp")).isNotEmpty();

        api.delete(CLAIMS + "/guard", "");

        await().atMost(PATIENCE).until(() -> !api.exists(VOLUMES + "/guarded"));
    }

    @Test
    void waitForFirstConsumerProvisionsOnceAPodUsingTheClaimIsScheduled() {
        api.create(CLASSES, "{\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\","
                + "\"metadata\":{\"name\":\"local\"},\"provisioner\":\"ordinal.dev/hostpath\","
                + "\"volumeBindingMode\":\"WaitForFirstConsumer\"}");
        api.create(CLAIMS, claim("late", "local", "1Gi", "ReadWriteOnce"));

        await().atMost(PATIENCE).until(() -> events("late")
                .contains("WaitForFirstConsumer: waiting for first consumer to be created before binding"));
        assertThat(api.get(CLAIMS + "/late").text("status.phase")).isEqualTo("Pending");

        api.create(PODS, pod("consumer", "node-2", "late"));

        JsonNode claim = awaitPhase(CLAIMS + "/late", "Bound");
        assertThat(claim.path("metadata").path("annotations").path("volume.kubernetes.io/selected-node").asString())
                .isEqualTo("node-2");
        assertThat(claim.path("spec").path("volumeName").asString())
                .isEqualTo("pvc-" + claim.path("metadata").path("uid").asString());
    }

    @Test
    void aClassOfAnExternalProvisionerLeavesTheClaimWaitingForIt() {
        api.create(CLASSES, "{\"apiVersion\":\"storage.k8s.io/v1\",\"kind\":\"StorageClass\","
                + "\"metadata\":{\"name\":\"csi\"},\"provisioner\":\"csi.example.com\"}");
        api.create(CLAIMS, claim("external", "csi", "1Gi", "ReadWriteOnce"));

        await().atMost(PATIENCE).until(() -> events("external").contains("ExternalProvisioning: Waiting for a volume "
                + "to be created either by the external provisioner 'csi.example.com' or manually by the system "
                + "administrator. If volume creation is delayed, please verify that the provisioner is running and "
                + "correctly registered."));
        JsonNode claim = api.get(CLAIMS + "/external").body();
        assertThat(claim.path("metadata").path("annotations").path("volume.kubernetes.io/storage-provisioner")
                .asString()).isEqualTo("csi.example.com");
        assertThat(claim.path("spec").has("volumeName")).isFalse();
    }

    private JsonNode awaitPhase(String path, String phase) {
        await().atMost(PATIENCE).until(() -> api.get(path).text("status.phase").equals(phase));
        return api.get(path).body();
    }

    /** The events about an object of this namespace, as {@code reason: message} lines. */
    private String events(String name) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode event : api.get("/api/v1/namespaces/" + NS + "/events").body().path("items")) {
            if (event.path("involvedObject").path("name").asString().equals(name)) {
                lines.append(event.path("reason").asString()).append(": ").append(event.path("message").asString())
                        .append('\n');
            }
        }
        return lines.toString();
    }

    private static String volume(String name, String storageClassName, String capacity, String reclaimPolicy,
                                 String... accessModes) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolume\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"capacity\":{\"storage\":\"" + capacity + "\"},\"hostPath\":{\"path\":\"/data/" + name
                + "\"},\"accessModes\":[\"" + String.join("\",\"", accessModes) + "\"],"
                + "\"persistentVolumeReclaimPolicy\":\"" + reclaimPolicy + "\",\"storageClassName\":\""
                + storageClassName + "\"}}";
    }

    /** A pod on {@code nodeName}, as the scheduler leaves it, with the claim mounted. */
    private static String pod(String name, String nodeName, String claimName) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"nodeName\":\"" + nodeName + "\","
                + "\"containers\":[{\"name\":\"main\",\"image\":\"busybox\","
                + "\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"}]}],"
                + "\"volumes\":[{\"name\":\"data\",\"persistentVolumeClaim\":{\"claimName\":\"" + claimName + "\"}}]}}";
    }

    private static String claim(String name, String storageClassName, String request, String accessMode) {
        String className = storageClassName.isEmpty() ? "" : ",\"storageClassName\":\"" + storageClassName + "\"";
        return "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"accessModes\":[\"" + accessMode + "\"],\"resources\":{\"requests\":{\"storage\":\""
                + request + "\"}}" + className + "}}";
    }
}
