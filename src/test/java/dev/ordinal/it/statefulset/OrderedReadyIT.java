package dev.ordinal.it.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ordinal.it.statefulset.PodTimeline.Change.CREATED;
import static dev.ordinal.it.statefulset.PodTimeline.Change.DELETED;
import static dev.ordinal.it.statefulset.PodTimeline.Change.READY;
import static dev.ordinal.it.statefulset.PodTimeline.Change.TERMINATING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OrderedReady pod management, as the StatefulSet Basics tutorial shows it on a cluster: pods
 * created one at a time in ordinal order, each only once the one before is Running and Ready, each
 * with its own claim; a deleted pod comes back under its name with its claim; scale-down from the
 * highest ordinal, one pod at a time.
 */
@StatefulSetScenario
class OrderedReadyIT {

    @LocalServerPort
    int port;

    private TestNamespace ns;

    @BeforeEach
    void namespace() {
        ns = TestNamespace.create(port, "ordered");
        ns.createNginxService();
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void podsComeOneAtATimeEachAfterTheOneBeforeIsReadyWithStableIdentityAndBoundClaims() {
        try (PodTimeline timeline = ns.timeline()) {
            ns.create(Manifests.web(3).build());
            ns.awaitRolledOut("web", 3);
            // The set's status can say so before the timeline's own watch has delivered every step.
            ns.until("the timeline saw web-2 Ready", () -> timeline.pods(READY).contains("web-2"));

            assertThat(timeline.pods(CREATED)).containsExactly("web-0", "web-1", "web-2");
            assertThat(timeline.first(CREATED, "web-1")).as(timeline.steps().toString())
                    .isGreaterThan(timeline.first(READY, "web-0"));
            assertThat(timeline.first(CREATED, "web-2")).as(timeline.steps().toString())
                    .isGreaterThan(timeline.first(READY, "web-1"));
        }

        for (int ordinal = 0; ordinal < 3; ordinal++) {
            Pod pod = ns.pod("web-" + ordinal);
            assertThat(pod.getSpec().getHostname()).isEqualTo("web-" + ordinal);
            assertThat(pod.getSpec().getSubdomain()).isEqualTo("nginx");
            assertThat(pod.getStatus().getPodIP()).matches("10\\.244\\.\\d+\\.\\d+");
            assertThat(Pods.claim(pod, "www")).isEqualTo("www-web-" + ordinal);
            assertBoundToAProvisionedVolume("www-web-" + ordinal);
        }
        assertThat(ns.pods()).extracting(pod -> pod.getStatus().getPodIP()).doesNotHaveDuplicates();

        assertThat(ns.kubectl("get", "statefulset", "web")).containsPattern("(?m)^web +3/3 +\\S+$");
    }

    @Test
    void aDeletedPodComesBackWithItsNameAndItsClaim() {
        ns.create(Manifests.web(2).build());
        ns.awaitRolledOut("web", 2);
        Pod before = ns.pod("web-0");
        PersistentVolumeClaim claim = claim("www-web-0");

        ns.client.pods().inNamespace(ns.name).withName("web-0").delete();

        Pod after = ns.awaitPod("web-0", "web-0 is back and Ready",
                pod -> !pod.getMetadata().getUid().equals(before.getMetadata().getUid()) && Pods.ready(pod));
        assertThat(after.getSpec().getHostname()).isEqualTo("web-0");
        assertThat(Pods.claim(after, "www")).isEqualTo("www-web-0");
        PersistentVolumeClaim mounted = claim("www-web-0");
        assertThat(mounted.getMetadata().getUid()).isEqualTo(claim.getMetadata().getUid());
        assertThat(mounted.getSpec().getVolumeName()).isEqualTo(claim.getSpec().getVolumeName());
        assertThat(ns.claimNames()).containsExactly("www-web-0", "www-web-1");
    }

    @Test
    void scalingUpAddsPodsInOrderAndScalingDownRemovesThemInReverseOneAtATimeKeepingTheClaims() {
        ns.create(Manifests.web(3).build());
        ns.awaitRolledOut("web", 3);

        try (PodTimeline timeline = ns.timeline()) {
            ns.set("web").scale(5);
            ns.awaitRolledOut("web", 5);
            ns.until("the timeline saw web-4 Ready", () -> timeline.pods(READY).contains("web-4"));

            assertThat(timeline.pods(CREATED)).containsExactly("web-3", "web-4");
            assertThat(timeline.first(CREATED, "web-4")).as(timeline.steps().toString())
                    .isGreaterThan(timeline.first(READY, "web-3"));

            ns.set("web").scale(2);
            ns.awaitRolledOut("web", 2);
            ns.until("web-2 is gone", () -> timeline.pods(DELETED).contains("web-2"));

            assertThat(timeline.pods(TERMINATING)).containsExactly("web-4", "web-3", "web-2");
            assertThat(timeline.pods(DELETED)).containsExactly("web-4", "web-3", "web-2");
            assertThat(timeline.first(TERMINATING, "web-3")).as(timeline.steps().toString())
                    .isGreaterThan(timeline.first(DELETED, "web-4"));
            assertThat(timeline.first(TERMINATING, "web-2")).as(timeline.steps().toString())
                    .isGreaterThan(timeline.first(DELETED, "web-3"));
        }
        assertThat(ns.podNames()).containsExactly("web-0", "web-1");
        assertThat(ns.claimNames()).containsExactly("www-web-0", "www-web-1", "www-web-2", "www-web-3", "www-web-4");
    }

    @Test
    void aPodThatNeverBecomesReadyHoldsTheScaleUpAtItsOrdinal() {
        ns.create(Manifests.web(2).editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .endSpec().build());
        ns.awaitRolledOut("web", 2);

        // OnDelete leaves web-0 and web-1 as they are; the pods the scale-up adds are made from the
        // new template, whose containers never pass their readiness check.
        ns.set("web").edit(set -> new StatefulSetBuilder(set).editSpec().withReplicas(4)
                .editTemplate().editMetadata().addToAnnotations("ordinal.dev/never-ready", "true").endMetadata()
                .endTemplate().endSpec().build());
        ns.awaitPod("web-2", "web-2 runs", pod -> "Running".equals(pod.getStatus().getPhase()));
        // Asked for one more: once the controller has recorded that generation, it has synced the
        // set again with web-2 Running and not Ready, and still created nothing after it.
        ns.set("web").scale(5);
        long generation = ns.set("web").get().getMetadata().getGeneration();
        StatefulSet observed = ns.awaitSet("web", "the controller observed the scale-up",
                set -> set.getStatus().getObservedGeneration() == generation);

        assertThat(ns.podNames()).containsExactly("web-0", "web-1", "web-2");
        PodCondition ready = ns.pod("web-2").getStatus().getConditions().stream()
                .filter(condition -> condition.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ContainersNotReady");
        assertThat(ready.getMessage()).isEqualTo("containers with unready status: [nginx]");
        assertThat(observed.getStatus().getReplicas()).isEqualTo(3);
        assertThat(observed.getStatus().getReadyReplicas()).isEqualTo(2);

        String describe = ns.kubectl("describe", "statefulset", "web");
        assertThat(describe).containsPattern("(?m)^Replicas: +5 desired \\| 3 total$")
                .containsPattern("(?m)^Pods Status: +3 Running / 0 Waiting / 0 Succeeded / 0 Failed$")
                .containsPattern("(?m)^  Normal +SuccessfulCreate +\\S+ +statefulset-controller +"
                        + "create Pod web-2 in StatefulSet web successful$")
                .doesNotContain("web-3");
        assertThat(ns.kubectl("get", "pod", "web-2")).containsPattern("(?m)^web-2 +0/1 +Running +0 +\\S+$");
        assertThat(ns.kubectl("describe", "pod", "web-2")).containsPattern("(?m)^  Ready +False *$")
                .containsPattern("(?m)^  ContainersReady +False *$");

        // Once web-2 is replaced by a pod that becomes Ready, the scale-up goes on.
        ns.set("web").edit(set -> new StatefulSetBuilder(set).editSpec().editTemplate().editMetadata()
                .removeFromAnnotations("ordinal.dev/never-ready").endMetadata().endTemplate().endSpec().build());
        ns.client.pods().inNamespace(ns.name).withName("web-2").delete();
        ns.until("web-3 is Ready", () -> ns.pod("web-3") != null && Pods.ready(ns.pod("web-3")));
    }

    private PersistentVolumeClaim claim(String name) {
        return ns.client.persistentVolumeClaims().inNamespace(ns.name).withName(name).get();
    }

    /** The claim is Bound to a volume the default StorageClass provisioned for it, and the volume to it. */
    private void assertBoundToAProvisionedVolume(String name) {
        PersistentVolumeClaim claim = ns.awaitValue(name + " is Bound", () -> claim(name),
                c -> c != null && "Bound".equals(c.getStatus().getPhase()));
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("standard");
        assertThat(claim.getSpec().getVolumeName()).isEqualTo("pvc-" + claim.getMetadata().getUid());
        PersistentVolume volume = ns.client.persistentVolumes().withName(claim.getSpec().getVolumeName()).get();
        assertThat(volume.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(volume.getSpec().getClaimRef().getUid()).isEqualTo(claim.getMetadata().getUid());
        assertThat(volume.getSpec().getClaimRef().getName()).isEqualTo(name);
        assertThat(volume.getSpec().getCapacity().get("storage").toString()).isEqualTo("1Gi");
    }
}
