package dev.ordinal.controller.statefulset;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The StatefulSet algorithm on plain objects, after upstream's stateful_set_control_test.go: the
 * test plays kubelet (pods go Pending, Running, Ready) and syncs the set step by step.
 */
class StatefulSetControlTest {

    private final FakeCluster cluster = new FakeCluster();
    private StatefulSetControl control = cluster.control(false);

    /** The fixture of the spec: web, 3 replicas by default, one claim template www. */
    private static String web(int replicas, String policy) {
        return """
                {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"web","namespace":"default"},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"nginx"}},"serviceName":"nginx",
                  "podManagementPolicy":"%s","updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}},
                  "revisionHistoryLimit":10,
                  "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain","whenScaled":"Retain"},
                  "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"nginx"}},
                   "spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]}},
                  "volumeClaimTemplates":[{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"www"},
                   "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}}
                """.formatted(replicas, policy);
    }

    private Unstructured orderedReady(int replicas) {
        return cluster.addSet(web(replicas, "OrderedReady"));
    }

    private Unstructured parallel(int replicas) {
        return cluster.addSet(web(replicas, "Parallel"));
    }

    private ReplicaStatus sync() {
        Unstructured set = cluster.set("web");
        return control.updateStatefulSet(set, cluster.podsOf(set));
    }

    /**
     * Syncs and plays kubelet until nothing moves any more: after each sync the lowest pod that is
     * not Running and Ready takes one step.
     */
    private ReplicaStatus converge() {
        for (int round = 0; round < 300; round++) {
            String before = fingerprint();
            ReplicaStatus status = sync();
            Optional<Unstructured> lagging = cluster.podsOf(cluster.set("web")).stream()
                    .filter(pod -> !PodHealth.isRunningAndReady(pod))
                    .min((a, b) -> Integer.compare(PodIdentity.ordinal(a), PodIdentity.ordinal(b)));
            if (lagging.isPresent()) {
                cluster.advancePod(lagging.get().name());
            } else if (fingerprint().equals(before)) {
                return status;
            }
        }
        throw new AssertionError("the set did not settle: " + cluster.podNames());
    }

    private String fingerprint() {
        StringBuilder state = new StringBuilder(cluster.set("web").resourceVersion());
        cluster.podsOf(cluster.set("web")).forEach(p -> state.append(' ').append(p.name()).append(p.resourceVersion()));
        cluster.revisions().forEach(r -> state.append(' ').append(r.name()).append(r.resourceVersion()));
        return state.toString();
    }

    private void changeImage(String image) {
        cluster.updateSet("web", spec -> ((ObjectNode) spec.at("/template/spec/containers/0")).put("image", image));
    }

    private void updateSpec(Consumer<ObjectNode> change) {
        cluster.updateSet("web", change);
    }

    private static String image(Unstructured pod) {
        return pod.at("spec.containers").get(0).path("image").asString();
    }

    private List<String> deletedPods() {
        return cluster.events.stream().filter(e -> e.startsWith("Normal SuccessfulDelete delete Pod "))
                .map(e -> e.split(" ")[4]).toList();
    }

    private JsonNode storedStatus() {
        return cluster.set("web").json().path("status");
    }

    // Scaling up

    @Test
    void orderedReadyCreatesOnePodAtATimeAfterTheLowerOnesAreRunningAndReady() {
        orderedReady(3);

        sync();
        assertThat(cluster.podNames()).containsExactly("web-0");
        sync();
        assertThat(cluster.podNames()).as("web-0 is Pending").containsExactly("web-0");
        cluster.setPodPhase("web-0", "Running");
        sync();
        assertThat(cluster.podNames()).as("web-0 runs but is not Ready").containsExactly("web-0");
        cluster.setPodReady("web-0");
        sync();
        assertThat(cluster.podNames()).containsExactly("web-0", "web-1");
        cluster.setPodReady("web-1");
        sync();
        assertThat(cluster.podNames()).containsExactly("web-0", "web-1", "web-2");
    }

    @Test
    void parallelCreatesEveryPodInOneSync() {
        parallel(3);

        sync();

        assertThat(cluster.podNames()).containsExactly("web-0", "web-1", "web-2");
        assertThat(cluster.claimNames()).containsExactly("www-web-0", "www-web-1", "www-web-2");
    }

    @Test
    void aNewPodHasTheIdentityOfItsOrdinal() {
        Unstructured set = orderedReady(1);

        sync();

        Unstructured pod = cluster.pod("web-0");
        String revision = storedStatus().path("updateRevision").asString();
        assertThat(pod.labels()).containsEntry("app", "nginx")
                .containsEntry("controller-revision-hash", revision)
                .containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0");
        assertThat(pod.generateName()).isEqualTo("web-");
        assertThat(OwnerReferences.of(pod)).singleElement().satisfies(ref -> {
            assertThat(ref.path("apiVersion").asString()).isEqualTo("apps/v1");
            assertThat(ref.path("kind").asString()).isEqualTo("StatefulSet");
            assertThat(ref.path("name").asString()).isEqualTo("web");
            assertThat(ref.path("uid").asString()).isEqualTo(set.uid());
            assertThat(ref.path("controller").asBoolean()).isTrue();
            assertThat(ref.path("blockOwnerDeletion").asBoolean()).isTrue();
        });
        assertThat(pod.at("spec.hostname").asString()).isEqualTo("web-0");
        assertThat(pod.at("spec.subdomain").asString()).isEqualTo("nginx");
        assertThat(pod.at("spec.volumes").get(0).path("name").asString()).isEqualTo("www");
        assertThat(pod.at("spec.volumes").get(0).at("/persistentVolumeClaim/claimName").asString())
                .isEqualTo("www-web-0");
        Unstructured claim = cluster.claim("www-web-0");
        assertThat(claim.labels()).containsExactly(Map.entry("app", "nginx"));
        assertThat(OwnerReferences.of(claim)).as("Retain keeps claims free of owners").isEmpty();
        assertThat(claim.at("spec.resources.requests.storage").asString()).isEqualTo("1Gi");
    }

    @Test
    void creationIsRecordedAsEventsWithUpstreamMessages() {
        orderedReady(1);

        sync();

        assertThat(cluster.events).containsExactly(
                "Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success",
                "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful");
    }

    @Test
    void aSettledSetReportsEveryStatusField() {
        orderedReady(3);

        converge();

        JsonNode status = storedStatus();
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(status.path("replicas").asInt()).isEqualTo(3);
        assertThat(status.path("readyReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("currentReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("collisionCount").isIntegralNumber()).isTrue();
        assertThat(status.path("collisionCount").asInt()).isZero();
        assertThat(status.path("currentRevision").asString()).startsWith("web-")
                .isEqualTo(status.path("updateRevision").asString());
        assertThat(cluster.revisions()).singleElement().satisfies(revision -> {
            assertThat(revision.name()).isEqualTo(status.path("currentRevision").asString());
            assertThat(ControllerRevisions.revisionNumber(revision)).isEqualTo(1);
        });
    }

    @Test
    void theFirstStatusCountsNoPodYet() {
        orderedReady(3);

        sync();

        JsonNode status = storedStatus();
        assertThat(status.path("replicas").isIntegralNumber()).isTrue();
        assertThat(status.path("replicas").asInt()).isZero();
        assertThat(status.path("availableReplicas").isIntegralNumber()).isTrue();
        assertThat(status.has("readyReplicas")).isFalse();
        assertThat(status.has("currentReplicas")).isFalse();
        assertThat(status.path("currentRevision").asString()).isEqualTo(status.path("updateRevision").asString());
    }

    @Test
    void anUnhealthyPodHaltsOrderedScalingButNotParallelScaling() {
        orderedReady(2);
        converge();
        cluster.editPod("web-0", pod -> ((ObjectNode) pod.at("status.conditions").get(0)).put("status", "False"));
        updateSpec(spec -> spec.put("replicas", 3));

        sync();

        assertThat(cluster.podNames()).containsExactly("web-0", "web-1");
    }

    @Test
    void parallelScalingIgnoresUnhealthyPods() {
        parallel(2);
        sync();
        updateSpec(spec -> spec.put("replicas", 4));

        sync();

        assertThat(cluster.podNames()).containsExactly("web-0", "web-1", "web-2", "web-3");
    }

    @Test
    void minReadySecondsHoldsBackTheNextPodAndAvailability() {
        cluster.addSet(web(2, "OrderedReady").replace("\"revisionHistoryLimit\":10",
                "\"revisionHistoryLimit\":10,\"minReadySeconds\":10"));
        sync();
        cluster.setPodReady("web-0");

        ReplicaStatus status = sync();

        assertThat(cluster.podNames()).containsExactly("web-0");
        assertThat(status.readyReplicas).isEqualTo(1);
        assertThat(status.availableReplicas).isZero();
        cluster.clock.advance(Duration.ofSeconds(11));
        status = sync();
        assertThat(cluster.podNames()).containsExactly("web-0", "web-1");
        assertThat(status.availableReplicas).isEqualTo(1);
    }

    @Test
    void startOrdinalNumbersPodsAndClaimsFromIt() {
        cluster.addSet(web(3, "OrderedReady").replace("\"serviceName\"", "\"ordinals\":{\"start\":2},\"serviceName\""));

        converge();

        assertThat(cluster.podNames()).containsExactly("web-2", "web-3", "web-4");
        assertThat(cluster.claimNames()).containsExactly("www-web-2", "www-web-3", "www-web-4");
        assertThat(cluster.pod("web-2").labels()).containsEntry("apps.kubernetes.io/pod-index", "2");

        updateSpec(spec -> {
            spec.put("replicas", 2);
            spec.putObject("ordinals").put("start", 4);
        });
        converge();

        assertThat(cluster.podNames()).containsExactly("web-4", "web-5");
    }

    // Scaling down

    @Test
    void orderedScaleDownDeletesTheHighestOrdinalOneAtATime() {
        orderedReady(3);
        converge();
        updateSpec(spec -> spec.put("replicas", 1));

        sync();
        assertThat(cluster.podNames()).containsExactly("web-0", "web-1");
        sync();
        assertThat(cluster.podNames()).containsExactly("web-0");

        assertThat(deletedPods()).containsExactly("web-2", "web-1");
        assertThat(cluster.events).contains("Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful");
        assertThat(cluster.claimNames()).as("Retain keeps the claims")
                .containsExactly("www-web-0", "www-web-1", "www-web-2");
    }

    @Test
    void orderedScaleDownWaitsForATerminatingPod() {
        orderedReady(3);
        converge();
        cluster.markPodTerminating("web-2");
        updateSpec(spec -> spec.put("replicas", 1));

        sync();

        assertThat(cluster.podNames()).containsExactly("web-0", "web-1", "web-2");
        cluster.removePod("web-2");
        sync();
        assertThat(cluster.podNames()).containsExactly("web-0");
    }

    @Test
    void parallelScaleDownDeletesEveryCondemnedPodAtOnce() {
        parallel(3);
        converge();
        updateSpec(spec -> spec.put("replicas", 0));

        sync();

        assertThat(cluster.podNames()).isEmpty();
        ReplicaStatus status = sync();
        assertThat(status.replicas).isZero();
    }

    // Replacing pods

    @ParameterizedTest
    @ValueSource(strings = {"Failed", "Succeeded"})
    void aTerminatedPodIsDeletedAndRecreatedOnALaterSync(String phase) {
        orderedReady(3);
        converge();
        cluster.setPodPhase("web-1", phase);

        sync();
        assertThat(cluster.podNames()).containsExactly("web-0", "web-2");
        assertThat(deletedPods()).containsExactly("web-1");

        sync();
        assertThat(cluster.podNames()).containsExactly("web-0", "web-1", "web-2");
        assertThat(cluster.pod("web-1").at("status.phase").asString()).isEqualTo("Pending");
    }

    @Test
    void aDeletedPodComesBackWithItsClaim() {
        orderedReady(3);
        converge();
        String uid = cluster.claim("www-web-1").uid();
        cluster.removePod("web-1");

        sync();

        assertThat(cluster.podNames()).containsExactly("web-0", "web-1", "web-2");
        assertThat(cluster.claim("www-web-1").uid()).isEqualTo(uid);
    }

    @Test
    void aPendingPodGetsItsMissingClaimBack() {
        orderedReady(1);
        sync();
        cluster.removeClaim("www-web-0");

        sync();

        assertThat(cluster.claimNames()).containsExactly("www-web-0");
    }

    @Test
    void aClaimBeingDeletedHoldsBackItsPod() {
        orderedReady(1);
        sync();
        cluster.removePod("web-0");
        cluster.editClaim("www-web-0", claim -> claim.setMeta("deletionTimestamp", "2025-01-01T00:00:00Z"));

        assertThatThrownBy(this::sync).hasMessage("pvc www-web-0 is being deleted");

        assertThat(cluster.podNames()).isEmpty();
        assertThat(cluster.events).contains(
                "Warning FailedCreate create Pod web-0 in StatefulSet web failed error: pvc www-web-0 is being deleted");
    }

    @Test
    void aRejectedPodIsAFailedCreateAndTheStatusIsStillWritten() {
        orderedReady(1);
        cluster.createPodError = StatusError.invalid("", "Pod", "web-0",
                List.of(FieldError.required("spec.containers", "")));

        assertThatThrownBy(this::sync).isInstanceOf(StatusError.class);

        assertThat(cluster.events).contains("Warning FailedCreate create Pod web-0 in StatefulSet web failed error: "
                + "Pod \"web-0\" is invalid: spec.containers: Required value");
        assertThat(storedStatus().path("updateRevision").asString()).startsWith("web-");
    }

    @Test
    void aTakenNameIsNoFailure() {
        orderedReady(1);
        cluster.createPodError = StatusError.alreadyExists(new GroupResource("", "pods"), "web-0");

        sync();

        assertThat(cluster.events).as("no event for AlreadyExists").doesNotContain(
                "Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful");
    }

    @Test
    void aPodThatLostItsIdentityLabelIsRepaired() {
        orderedReady(1);
        converge();
        cluster.editPod("web-0", pod -> ((ObjectNode) pod.metadata().get("labels"))
                .remove(PodIdentity.POD_NAME_LABEL));

        sync();

        assertThat(cluster.pod("web-0").labels()).containsEntry(PodIdentity.POD_NAME_LABEL, "web-0");
        assertThat(cluster.events).contains("Normal SuccessfulUpdate update Pod web-0 in StatefulSet web successful");
    }

    @Test
    void aSetBeingDeletedOnlyHasItsStatusUpdated() {
        orderedReady(3);
        converge();
        cluster.markSetDeleted("web");
        cluster.removePod("web-1");

        ReplicaStatus status = sync();

        assertThat(cluster.podNames()).containsExactly("web-0", "web-2");
        assertThat(status.replicas).isEqualTo(2);
    }

    // Rolling updates

    @Test
    void aRollingUpdateReplacesPodsFromTheHighestOrdinalEachAfterTheLastIsReady() {
        orderedReady(3);
        converge();
        String oldRevision = storedStatus().path("currentRevision").asString();
        changeImage("nginx:1.26");

        sync();
        JsonNode status = storedStatus();
        String newRevision = status.path("updateRevision").asString();
        assertThat(newRevision).isNotEqualTo(oldRevision);
        assertThat(status.path("currentRevision").asString()).isEqualTo(oldRevision);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(2);
        assertThat(cluster.revisions()).extracting(ControllerRevisions::revisionNumber).containsExactly(1L, 2L);
        assertThat(cluster.podNames()).containsExactly("web-0", "web-1");

        sync();
        assertThat(PodIdentity.revision(cluster.pod("web-2"))).isEqualTo(newRevision);
        assertThat(image(cluster.pod("web-2"))).isEqualTo("nginx:1.26");
        sync();
        assertThat(cluster.podNames()).as("web-1 waits for the new web-2 to be Ready")
                .containsExactly("web-0", "web-1", "web-2");

        converge();

        assertThat(deletedPods()).containsExactly("web-2", "web-1", "web-0");
        assertThat(cluster.podsOf(cluster.set("web"))).allSatisfy(pod -> {
            assertThat(PodIdentity.revision(pod)).isEqualTo(newRevision);
            assertThat(image(pod)).isEqualTo("nginx:1.26");
        });
        status = storedStatus();
        assertThat(status.path("currentRevision").asString()).isEqualTo(newRevision);
        assertThat(status.path("currentReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void aPartitionKeepsLowerOrdinalsAtTheCurrentRevision() {
        orderedReady(3);
        converge();
        String oldRevision = storedStatus().path("currentRevision").asString();
        updateSpec(spec -> spec.withObject("updateStrategy").withObject("rollingUpdate").put("partition", 2));
        changeImage("nginx:1.26");

        converge();

        assertThat(image(cluster.pod("web-2"))).isEqualTo("nginx:1.26");
        assertThat(image(cluster.pod("web-1"))).isEqualTo("nginx:1.25");
        assertThat(image(cluster.pod("web-0"))).isEqualTo("nginx:1.25");
        assertThat(storedStatus().path("currentRevision").asString()).isEqualTo(oldRevision);
        assertThat(storedStatus().path("updatedReplicas").asInt()).isEqualTo(1);

        cluster.removePod("web-0");
        converge();
        assertThat(image(cluster.pod("web-0"))).as("restored at the current revision").isEqualTo("nginx:1.25");

        updateSpec(spec -> spec.withObject("updateStrategy").withObject("rollingUpdate").put("partition", 0));
        converge();
        assertThat(cluster.podsOf(cluster.set("web"))).allSatisfy(pod -> assertThat(image(pod)).isEqualTo("nginx:1.26"));
        assertThat(storedStatus().path("currentRevision").asString())
                .isEqualTo(storedStatus().path("updateRevision").asString());
    }

    @Test
    void scaleUpDuringAPartitionedRolloutCreatesTheNewPodsAtTheUpdateRevision() {
        orderedReady(3);
        converge();
        updateSpec(spec -> spec.withObject("updateStrategy").withObject("rollingUpdate").put("partition", 2));
        changeImage("nginx:1.26");
        converge();

        updateSpec(spec -> spec.put("replicas", 5));
        converge();

        assertThat(image(cluster.pod("web-3"))).isEqualTo("nginx:1.26");
        assertThat(image(cluster.pod("web-4"))).isEqualTo("nginx:1.26");
        assertThat(image(cluster.pod("web-1"))).isEqualTo("nginx:1.25");
    }

    @Test
    void onDeleteLeavesOldPodsUntilTheyAreDeleted() {
        cluster.addSet(web(3, "OrderedReady").replace(
                "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}}", "{\"type\":\"OnDelete\"}"));
        converge();
        String oldRevision = storedStatus().path("currentRevision").asString();
        changeImage("nginx:1.26");

        converge();
        assertThat(deletedPods()).isEmpty();
        assertThat(cluster.podsOf(cluster.set("web"))).allSatisfy(pod -> assertThat(image(pod)).isEqualTo("nginx:1.25"));

        cluster.removePod("web-1");
        converge();
        assertThat(image(cluster.pod("web-1"))).isEqualTo("nginx:1.26");
        assertThat(storedStatus().path("updatedReplicas").asInt()).isEqualTo(1);

        cluster.removePod("web-0");
        cluster.removePod("web-2");
        converge();
        JsonNode status = storedStatus();
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("currentRevision").asString()).as("v1.32 never completes OnDelete")
                .isEqualTo(oldRevision);
        assertThat(status.has("currentReplicas")).isFalse();
    }

    @Test
    void parallelUpdatesStillReplaceOnePodAtATime() {
        parallel(3);
        converge();
        changeImage("nginx:1.26");

        sync();

        assertThat(cluster.podNames()).containsExactly("web-0", "web-1");
        sync();
        assertThat(cluster.podNames()).containsExactly("web-0", "web-1", "web-2");
    }

    @Test
    void maxUnavailableReplacesSeveralPodsAtOnceWhenEnabled() {
        control = cluster.control(true);
        orderedReady(3);
        converge();
        updateSpec(spec -> spec.withObject("updateStrategy").withObject("rollingUpdate").put("maxUnavailable", 2));
        changeImage("nginx:1.26");

        sync();

        assertThat(cluster.podNames()).containsExactly("web-0");
        assertThat(deletedPods()).containsExactly("web-2", "web-1");
    }

    @Test
    void maxUnavailableIsIgnoredWhenDisabled() {
        orderedReady(3);
        converge();
        updateSpec(spec -> spec.withObject("updateStrategy").withObject("rollingUpdate").put("maxUnavailable", 2));
        changeImage("nginx:1.26");

        sync();

        assertThat(deletedPods()).containsExactly("web-2");
    }

    @Test
    void maxUnavailableCountsPercentagesRoundedDownAndAtLeastOne() {
        assertThat(StatefulSetControl.maxUnavailable(json("\"10%\""), 25)).isEqualTo(2);
        assertThat(StatefulSetControl.maxUnavailable(json("\"50%\""), 5)).isEqualTo(2);
        assertThat(StatefulSetControl.maxUnavailable(json("\"10%\""), 5)).isEqualTo(1);
        assertThat(StatefulSetControl.maxUnavailable(json("\"100%\""), 5)).isEqualTo(5);
        assertThat(StatefulSetControl.maxUnavailable(json("3"), 0)).isEqualTo(3);
    }

    private static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    // Revisions

    @Test
    void onlyTemplateChangesMakeRevisions() {
        orderedReady(3);
        converge();

        updateSpec(spec -> {
            spec.put("replicas", 2);
            spec.put("minReadySeconds", 5);
            spec.withObject("updateStrategy").withObject("rollingUpdate").put("partition", 1);
        });
        sync();

        assertThat(cluster.revisions()).hasSize(1);
    }

    @Test
    void revertingTheTemplateRenumbersTheOldRevisionInsteadOfMakingANewOne() {
        orderedReady(3);
        converge();
        String original = storedStatus().path("currentRevision").asString();
        changeImage("nginx:1.26");
        converge();

        changeImage("nginx:1.25");
        sync();

        assertThat(cluster.revisions()).hasSize(2);
        assertThat(cluster.revisions()).last().satisfies(revision -> {
            assertThat(revision.name()).isEqualTo(original);
            assertThat(ControllerRevisions.revisionNumber(revision)).isEqualTo(3);
        });
        assertThat(storedStatus().path("updateRevision").asString()).isEqualTo(original);
        converge();
        assertThat(cluster.podsOf(cluster.set("web"))).allSatisfy(pod -> {
            assertThat(image(pod)).isEqualTo("nginx:1.25");
            assertThat(PodIdentity.revision(pod)).isEqualTo(original);
        });
    }

    @Test
    void historyKeepsRevisionHistoryLimitUnusedRevisions() {
        cluster.addSet(web(2, "OrderedReady").replace("\"revisionHistoryLimit\":10", "\"revisionHistoryLimit\":2"));
        converge();
        for (int minor = 1; minor <= 5; minor++) {
            changeImage("nginx:1.2" + minor);
            converge();
        }

        assertThat(cluster.revisions()).extracting(ControllerRevisions::revisionNumber).containsExactly(4L, 5L, 6L);
    }

    @Test
    void aZeroHistoryLimitKeepsOnlyTheRevisionsInUse() {
        cluster.addSet(web(2, "OrderedReady").replace("\"revisionHistoryLimit\":10", "\"revisionHistoryLimit\":0"));
        converge();
        changeImage("nginx:1.26");
        converge();

        assertThat(cluster.revisions()).extracting(ControllerRevisions::revisionNumber).containsExactly(2L);
    }

    @Test
    void aRevisionRecordsTheTemplateAsAReplacePatch() {
        Unstructured set = orderedReady(1);

        sync();

        Unstructured revision = cluster.revisions().get(0);
        String hash = revision.labels().get(ControllerRevisions.HASH_LABEL);
        assertThat(hash).matches("[4-9bcdf]{1,10}");
        assertThat(revision.name()).isEqualTo("web-" + hash);
        assertThat(revision.labels()).containsEntry("app", "nginx");
        assertThat(OwnerReferences.controllerOf(revision).orElseThrow().path("uid").asString()).isEqualTo(set.uid());
        assertThat(ControllerRevisions.data(revision)).isEqualTo(
                "{\"spec\":{\"template\":{\"$patch\":\"replace\",\"metadata\":{\"creationTimestamp\":null,"
                        + "\"labels\":{\"app\":\"nginx\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.25\","
                        + "\"name\":\"nginx\"}]}}}}");
    }

    @Test
    void aRevisionNameTakenByOtherDataCountsACollision() {
        Unstructured set = orderedReady(1);
        Unstructured candidate = ControllerRevisions.newRevision(set, 1, 0);
        Unstructured squatter = candidate.deepCopy();
        squatter.setMeta("namespace", "default");
        squatter.json().set("data", json("{\"spec\":{\"template\":{\"$patch\":\"replace\"}}}"));
        squatter.metadata().remove("ownerReferences");
        squatter.metadata().withObject("labels").removeAll();
        cluster.addRevision(squatter);

        sync();

        JsonNode status = storedStatus();
        assertThat(status.path("collisionCount").asInt()).isEqualTo(1);
        assertThat(status.path("updateRevision").asString()).isNotEqualTo(candidate.name())
                .isEqualTo("web-" + ControllerRevisions.hash(candidate, 1));
    }

    // Status

    @Test
    void theControllersStatusWriteDropsClientConditions() {
        orderedReady(1);
        converge();
        cluster.updateStatus(cluster.set("web"), ((ObjectNode) storedStatus().deepCopy()).set("conditions",
                json("[{\"type\":\"StatusUpdate\",\"status\":\"True\"}]")));
        updateSpec(spec -> spec.put("replicas", 0));

        sync();

        assertThat(storedStatus().has("conditions")).isFalse();
    }

    @Test
    void anUnchangedStatusIsNotWrittenAgain() {
        orderedReady(1);
        converge();
        int writes = cluster.statusWrites();

        sync();

        assertThat(cluster.statusWrites()).isEqualTo(writes);
    }

    // Claims and their retention policy

    @Test
    void whenDeletedDeleteMakesTheSetControlEveryClaim() {
        Unstructured set = cluster.addSet(web(2, "OrderedReady").replace("{\"whenDeleted\":\"Retain\"",
                "{\"whenDeleted\":\"Delete\""));

        converge();

        for (String name : List.of("www-web-0", "www-web-1")) {
            assertThat(OwnerReferences.of(cluster.claim(name))).singleElement().satisfies(ref -> {
                assertThat(ref.path("kind").asString()).isEqualTo("StatefulSet");
                assertThat(ref.path("uid").asString()).isEqualTo(set.uid());
                assertThat(ref.path("controller").asBoolean()).isTrue();
            });
        }
    }

    @Test
    void whenScaledDeleteHandsACondemnedPodsClaimToThePodBeforeDeletingIt() {
        cluster.addSet(web(3, "OrderedReady").replace("\"whenScaled\":\"Retain\"", "\"whenScaled\":\"Delete\""));
        converge();
        String podUid = cluster.pod("web-2").uid();
        updateSpec(spec -> spec.put("replicas", 2));

        sync();

        assertThat(cluster.podNames()).containsExactly("web-0", "web-1");
        assertThat(OwnerReferences.of(cluster.claim("www-web-2"))).singleElement().satisfies(ref -> {
            assertThat(ref.path("kind").asString()).isEqualTo("Pod");
            assertThat(ref.path("name").asString()).isEqualTo("web-2");
            assertThat(ref.path("uid").asString()).isEqualTo(podUid);
        });
        assertThat(OwnerReferences.of(cluster.claim("www-web-1"))).isEmpty();
    }

    @Test
    void aStaleClaimHoldsBackThePodOfItsOrdinal() {
        cluster.addSet(web(3, "OrderedReady").replace("\"whenScaled\":\"Retain\"", "\"whenScaled\":\"Delete\""));
        converge();
        updateSpec(spec -> spec.put("replicas", 2));
        converge();
        updateSpec(spec -> spec.put("replicas", 3));

        converge();
        assertThat(cluster.podNames()).as("www-web-2 still belongs to the old web-2").containsExactly("web-0", "web-1");

        cluster.removeClaim("www-web-2");
        converge();
        assertThat(cluster.podNames()).containsExactly("web-0", "web-1", "web-2");
        assertThat(OwnerReferences.of(cluster.claim("www-web-2"))).isEmpty();
    }

    @Test
    void aClaimControlledByAnotherObjectKeepsItsOwnerAndGetsAWarning() {
        cluster.addSet(web(1, "OrderedReady").replace("\"whenScaled\":\"Retain\"", "\"whenScaled\":\"Delete\""));
        sync();
        cluster.editClaim("www-web-0", claim -> OwnerReferences.set(claim, List.of(json(
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"keeper\",\"uid\":\"keeper-uid\","
                        + "\"controller\":true}"))));
        cluster.removePod("web-0");

        sync();
        assertThat(cluster.events).contains("Warning ConflictingController PersistentVolumeClaim www-web-0 has a "
                + "conflicting OwnerReference that acts as a manging controller, the retention policy is ignored "
                + "for this claim");

        cluster.setPodReady("web-0");
        updateSpec(spec -> spec.put("replicas", 0));
        sync();
        assertThat(cluster.podNames()).isEmpty();
        assertThat(OwnerReferences.of(cluster.claim("www-web-0"))).extracting(ref -> ref.path("uid").asString())
                .containsExactly("keeper-uid");
    }

    @Test
    void changingThePolicyRewritesTheReferencesOfExistingClaims() {
        Unstructured set = orderedReady(2);
        converge();

        updateSpec(spec -> spec.withObject("persistentVolumeClaimRetentionPolicy").put("whenDeleted", "Delete"));
        converge();

        List<String> owners = new ArrayList<>();
        for (String name : List.of("www-web-0", "www-web-1")) {
            OwnerReferences.of(cluster.claim(name)).forEach(ref -> owners.add(ref.path("uid").asString()));
        }
        assertThat(owners).containsExactly(set.uid(), set.uid());
        assertThat(deletedPods()).as("no pod is restarted for it").isEmpty();
    }
}
