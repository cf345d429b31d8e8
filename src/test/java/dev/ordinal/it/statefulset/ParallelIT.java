package dev.ordinal.it.statefulset;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.ordinal.it.statefulset.PodTimeline.Change.CREATED;
import static dev.ordinal.it.statefulset.PodTimeline.Change.DELETED;
import static dev.ordinal.it.statefulset.PodTimeline.Change.READY;
import static dev.ordinal.it.statefulset.PodTimeline.Change.TERMINATING;
import static org.assertj.core.api.Assertions.assertThat;

/** Parallel pod management: pods are created and deleted together, none waiting for another. */
@StatefulSetScenario
class ParallelIT {

    @LocalServerPort
    int port;

    private TestNamespace ns;

    @BeforeEach
    void namespace() {
        ns = TestNamespace.create(port, "parallel");
        ns.createNginxService();
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void allPodsAreCreatedWithoutWaitingForAnyToBeReadyAndDeletedWithoutWaitingForAnyToBeGone() {
        try (PodTimeline timeline = ns.timeline()) {
            // Pods that take a second to become Ready and a second to stop: a set that waited for
            // either would show it in the order of the steps.
            ns.create(Manifests.web(4).editSpec().withPodManagementPolicy("Parallel")
                    .editTemplate().editMetadata()
                    .addToAnnotations("ordinal.dev/ready-delay", "1s")
                    .addToAnnotations("ordinal.dev/stop-delay", "1s")
                    .endMetadata().endTemplate().endSpec().build());
            ns.awaitRolledOut("web", 4);
            // The set's status can say so before the timeline's own watch has delivered every step.
            ns.until("the timeline saw web-0..3 Ready",
                    () -> timeline.pods(READY).stream().distinct().count() == 4);

            assertThat(timeline.pods(CREATED)).containsExactlyInAnyOrder("web-0", "web-1", "web-2", "web-3");
            int lastCreated = timeline.first(CREATED, "web-3");
            for (String pod : timeline.pods(CREATED)) {
                lastCreated = Math.max(lastCreated, timeline.first(CREATED, pod));
            }
            for (String pod : timeline.pods(READY)) {
                assertThat(timeline.first(READY, pod)).as(timeline.steps().toString()).isGreaterThan(lastCreated);
            }
            assertThat(ns.claimNames()).containsExactly("www-web-0", "www-web-1", "www-web-2", "www-web-3");

            ns.set("web").scale(1);
            ns.until("web-1..3 are gone", () -> timeline.pods(DELETED).size() == 3);

            assertThat(timeline.pods(TERMINATING)).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
            int firstDeleted = timeline.steps().indexOf(timeline.steps().stream()
                    .filter(step -> step.change() == DELETED).findFirst().orElseThrow());
            for (String pod : timeline.pods(TERMINATING)) {
                assertThat(timeline.first(TERMINATING, pod)).as(timeline.steps().toString())
                        .isLessThan(firstDeleted);
            }
        }
        assertThat(ns.podNames()).containsExactly("web-0");
    }
}
