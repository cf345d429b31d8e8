package dev.ordinal.controller.daemon;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.daemon.DaemonSetFixtures.HASH;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.byNode;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.deleting;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.names;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.node;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.nodes;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.pod;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.rollingUpdate;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

/** Upstream's DaemonSet rolling update, with and without surge, within its bounds. */
class RollingUpdateTest {

    private static final Instant NOW = Instant.parse("2024-01-01T13:00:00Z");

    private static PodPlan plan(Unstructured daemonSet, List<Unstructured> nodes, Map<String, List<Unstructured>> pods) {
        return RollingUpdate.plan(daemonSet, nodes, pods, HASH, NOW);
    }

    @Test
    void withoutSurgeAsManyOldPodsGoAsMaxUnavailableAllows() {
        PodPlan plan = plan(rollingUpdate(0, 2), nodes(4), byNode(running("a", "n1", "old", 0),
                running("b", "n2", "old", 0), running("c", "n3", "old", 0), running("d", "n4", "old", 0)));

        assertThat(names(plan.podsToDelete())).containsExactly("a", "b");
        assertThat(plan.nodesNeedingPods()).isEmpty();
    }

    @Test
    void aPercentageOfTheDesiredNodesIsRoundedUp() {
        PodPlan plan = plan(rollingUpdate(0, "30%"), nodes(4), byNode(running("a", "n1", "old", 0),
                running("b", "n2", "old", 0), running("c", "n3", "old", 0), running("d", "n4", "old", 0)));

        assertThat(names(plan.podsToDelete())).containsExactly("a", "b");
    }

    @Test
    void nodesWithoutAnAvailablePodUseUpTheBudget() {
        PodPlan plan = plan(rollingUpdate(0, 2), nodes(5), byNode(pod("fresh", "n1", HASH, 10, "Running", false),
                running("b", "n3", "old", 0), running("c", "n4", "old", 0), running("d", "n5", "old", 0)));

        // n1's new pod is not available yet and n2 has none: no old pod may go.
        assertThat(plan.podsToDelete()).isEmpty();
    }

    @Test
    void anUnavailableOldPodGoesRegardlessOfTheBudget() {
        PodPlan plan = plan(rollingUpdate(0, 1), nodes(3), byNode(pod("broken", "n1", "old", 0, "Running", false),
                running("b", "n2", "old", 0), running("c", "n3", "old", 0)));

        assertThat(names(plan.podsToDelete())).containsExactly("broken");
    }

    @Test
    void podsBeingDeletedDoNotCount() {
        PodPlan plan = plan(rollingUpdate(0, 1), nodes(2), byNode(deleting(running("going", "n1", "old", 0)),
                running("b", "n2", "old", 0)));

        // n1 has no live pod, which counts against maxUnavailable; the manage loop refills it.
        assertThat(plan.podsToDelete()).isEmpty();
    }

    @Test
    void withSurgeNewPodsStartBesideOldOnesOnMaxSurgeNodes() {
        PodPlan plan = plan(rollingUpdate(2, 0), nodes(4), byNode(running("a", "n1", "old", 0),
                running("b", "n2", "old", 0), running("c", "n3", "old", 0), running("d", "n4", "old", 0)));

        assertThat(plan.nodesNeedingPods()).containsExactly("n1", "n2");
        assertThat(plan.podsToDelete()).isEmpty();
    }

    @Test
    void withSurgeAnAvailableNewPodReplacesTheOldOneAndAWaitingOneHoldsTheBudget() {
        PodPlan plan = plan(rollingUpdate(1, 0), nodes(3), byNode(running("old-1", "n1", "old", 0),
                running("new-1", "n1", HASH, 10), running("old-2", "n2", "old", 0),
                pod("new-2", "n2", HASH, 20, "Running", false), running("old-3", "n3", "old", 0)));

        assertThat(names(plan.podsToDelete())).containsExactly("old-1");
        // n2 still surges, so n3 waits.
        assertThat(plan.nodesNeedingPods()).isEmpty();
    }

    @Test
    void withSurgeAnUnavailableOldPodGetsItsReplacementAtOnce() {
        PodPlan plan = plan(rollingUpdate(1, 0), nodes(2), byNode(pod("broken", "n1", "old", 0, "Running", false),
                running("new-2", "n2", HASH, 10), running("old-2", "n2", "old", 0)));

        assertThat(plan.nodesNeedingPods()).containsExactly("n1");
        assertThat(names(plan.podsToDelete())).containsExactly("old-2");
    }

    @Test
    void withSurgeAPodOnANodeThatNoLongerFitsGoesOnlyOnceOthersAreAvailable() {
        Unstructured selecting = rollingUpdate(1, 0);
        selecting.json().withObject("spec").withObject("template").withObject("spec").putObject("nodeSelector")
                .put("role", "agent");
        List<Unstructured> nodes = List.of(node("n1", "\"role\": \"agent\"", ""), node("n2", "", ""));
        PodPlan waiting = plan(selecting, nodes, byNode(pod("new-1", "n1", HASH, 10, "Running", false),
                running("old-2", "n2", "old", 0)));
        assertThat(waiting.podsToDelete()).isEmpty();

        PodPlan served = plan(selecting, nodes, byNode(running("new-1", "n1", HASH, 10),
                running("old-2", "n2", "old", 0)));
        assertThat(names(served.podsToDelete())).containsExactly("old-2");
    }
}
