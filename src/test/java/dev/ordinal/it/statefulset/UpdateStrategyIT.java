package dev.ordinal.it.statefulset;

import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ordinal.it.statefulset.PodTimeline.Change.READY;
import static dev.ordinal.it.statefulset.PodTimeline.Change.TERMINATING;
import static dev.ordinal.it.statefulset.TestNamespace.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Template changes: a RollingUpdate with a partition, finished and undone with kubectl as in the
 * StatefulSet Basics tutorial; an OnDelete set that changes a pod only when it is deleted.
 */
@StatefulSetScenario
class UpdateStrategyIT {

    @LocalServerPort
    int port;

    private TestNamespace ns;

    @BeforeEach
    void namespace() {
        ns = TestNamespace.create(port, "update");
        ns.createNginxService();
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void aPartitionedRollingUpdateThenTheRestThenAnUndo() {
        ns.kubectl();
        ns.create(Manifests.web(4).editSpec().withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withPartition(2).endRollingUpdate().endUpdateStrategy().endSpec().build());
        String first = ns.awaitRolledOut("web", 4).getStatus().getCurrentRevision();
        String second;

        try (PodTimeline timeline = ns.timeline()) {
            ns.kubectl("set", "image", "statefulset/web", "nginx=" + Manifests.NEWER_IMAGE);
            StatefulSet partitioned = ns.awaitSet("web", "web-3 and web-2 are updated and Ready",
                    set -> observedCurrentGeneration(set) && count(set.getStatus().getUpdatedReplicas()) == 2
                            && count(set.getStatus().getReadyReplicas()) == 4);

            second = partitioned.getStatus().getUpdateRevision();
            assertThat(second).isNotEqualTo(first);
            assertThat(partitioned.getStatus().getCurrentRevision()).isEqualTo(first);
            assertThat(count(partitioned.getStatus().getCurrentReplicas())).isEqualTo(2);
            assertThat(timeline.pods(TERMINATING)).containsExactly("web-3", "web-2");
            assertThat(timeline.first(TERMINATING, "web-2")).as(timeline.steps().toString())
                    .isGreaterThan(timeline.first(READY, "web-3"));
            assertRevisions(List.of(first, first, second, second), Manifests.IMAGE, Manifests.IMAGE,
                    Manifests.NEWER_IMAGE, Manifests.NEWER_IMAGE);
            assertThat(ns.kubectl("rollout", "status", "statefulset/web", "--timeout=20s"))
                    .isEqualTo("partitioned roll out complete: 2 new pods have been updated...\n");

            ns.kubectl("patch", "statefulset", "web", "-p",
                    "{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"partition\":0}}}}");
            StatefulSet done = ns.awaitRolledOut("web", 4);

            assertThat(done.getStatus().getCurrentRevision()).isEqualTo(second);
            assertThat(timeline.pods(TERMINATING)).containsExactly("web-3", "web-2", "web-1", "web-0");
            assertRevisions(List.of(second, second, second, second), Manifests.NEWER_IMAGE, Manifests.NEWER_IMAGE,
                    Manifests.NEWER_IMAGE, Manifests.NEWER_IMAGE);
        }
        assertThat(ns.kubectl("rollout", "status", "statefulset/web", "--timeout=20s"))
                .isEqualTo("partitioned roll out complete: 4 new pods have been updated...\n");
        assertThat(ns.kubectl("rollout", "history", "statefulset/web"))
                .containsPattern("(?m)^REVISION +CHANGE-CAUSE\n1 +<none>\n2 +<none>\n");

        assertThat(ns.kubectl("rollout", "undo", "statefulset/web")).isEqualTo("statefulset.apps/web rolled back\n");
        StatefulSet undone = ns.awaitRolledOut("web", 4);

        // The first template is back, so is its revision, renumbered as the newest (upstream's history).
        assertThat(undone.getStatus().getCurrentRevision()).isEqualTo(first);
        assertRevisions(List.of(first, first, first, first), Manifests.IMAGE, Manifests.IMAGE, Manifests.IMAGE,
                Manifests.IMAGE);
        assertThat(revisionNumbers()).containsExactly(first + "=3", second + "=2");
        assertThat(ns.kubectl("rollout", "history", "statefulset/web"))
                .containsPattern("(?m)^REVISION +CHANGE-CAUSE\n2 +<none>\n3 +<none>\n");
        assertThat(ns.kubectl("rollout", "history", "statefulset/web", "--revision=3"))
                .contains("Image:\t" + Manifests.IMAGE);
        assertThat(ns.kubectl("rollout", "history", "statefulset/web", "--revision=2"))
                .contains("Image:\t" + Manifests.NEWER_IMAGE);
    }

    @Test
    void onDeleteChangesNoPodUntilOneIsDeletedAndItsReplacementHasTheNewRevision() {
        ns.create(Manifests.web(3).editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .endSpec().build());
        ns.awaitRolledOut("web", 3);
        List<Pod> before = List.of(ns.pod("web-0"), ns.pod("web-1"), ns.pod("web-2"));
        String first = Pods.revision(before.get(0));

        try (PodTimeline timeline = ns.timeline()) {
            ns.set("web").edit(set -> new StatefulSetBuilder(set).editSpec().editTemplate().editSpec()
                    .editFirstContainer().withImage(Manifests.NEWER_IMAGE).endContainer()
                    .endSpec().endTemplate().endSpec().build());
            StatefulSet changed = ns.awaitSet("web", "the controller observed the new template",
                    set -> observedCurrentGeneration(set)
                            && !set.getStatus().getUpdateRevision().equals(set.getStatus().getCurrentRevision()));
            String second = changed.getStatus().getUpdateRevision();
            assertThat(changed.getStatus().getCurrentRevision()).isEqualTo(first);
            assertThat(count(changed.getStatus().getUpdatedReplicas())).isZero();
            assertThat(count(changed.getStatus().getCurrentReplicas())).isEqualTo(3);

            ns.client.pods().inNamespace(ns.name).withName("web-1").delete();
            Pod replacement = ns.awaitPod("web-1", "web-1 is back and Ready", pod -> Pods.ready(pod)
                    && !pod.getMetadata().getUid().equals(before.get(1).getMetadata().getUid()));
            assertThat(Pods.revision(replacement)).isEqualTo(second);
            assertThat(Pods.image(replacement)).isEqualTo(Manifests.NEWER_IMAGE);
            StatefulSet status = ns.awaitSet("web", "the status counts the replacement", set ->
                    count(set.getStatus().getUpdatedReplicas()) == 1 && count(set.getStatus().getReadyReplicas()) == 3);
            assertThat(count(status.getStatus().getCurrentReplicas())).isEqualTo(2);
            assertThat(status.getStatus().getCurrentRevision()).isEqualTo(first);

            assertThat(timeline.pods(TERMINATING)).containsExactly("web-1");
        }
        for (int ordinal : new int[] {0, 2}) {
            Pod pod = ns.pod("web-" + ordinal);
            assertThat(pod.getMetadata().getUid()).isEqualTo(before.get(ordinal).getMetadata().getUid());
            assertThat(Pods.revision(pod)).isEqualTo(first);
            assertThat(Pods.image(pod)).isEqualTo(Manifests.IMAGE);
        }
    }

    private static boolean observedCurrentGeneration(StatefulSet set) {
        return set.getStatus() != null
                && set.getMetadata().getGeneration().equals(set.getStatus().getObservedGeneration());
    }

    /** Pod n is at {@code revisions[n]} and runs {@code images[n]}. */
    private void assertRevisions(List<String> revisions, String... images) {
        for (int ordinal = 0; ordinal < revisions.size(); ordinal++) {
            Pod pod = ns.pod("web-" + ordinal);
            assertThat(Pods.revision(pod)).as("revision of web-" + ordinal).isEqualTo(revisions.get(ordinal));
            assertThat(Pods.image(pod)).as("image of web-" + ordinal).isEqualTo(images[ordinal]);
        }
    }

    /** The set's ControllerRevisions as {@code name=revision}, newest first. */
    private List<String> revisionNumbers() {
        return ns.client.apps().controllerRevisions().inNamespace(ns.name).list().getItems().stream()
                .sorted((a, b) -> Long.compare(b.getRevision(), a.getRevision()))
                .map((ControllerRevision revision) -> revision.getMetadata().getName() + "=" + revision.getRevision())
                .toList();
    }
}
