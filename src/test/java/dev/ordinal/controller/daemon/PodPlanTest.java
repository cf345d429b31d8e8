package dev.ordinal.controller.daemon;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.daemon.DaemonSetFixtures.HASH;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.byNode;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.daemonSet;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.deleting;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.names;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.node;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.nodes;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.pod;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.rollingUpdate;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

/** Which nodes need a daemon pod and which pods go, node by node of upstream's podsShouldBeOnNode. */
class PodPlanTest {

    private static final Instant NOW = Instant.parse("2024-01-01T13:00:00Z");

    private static PodPlan manage(Unstructured daemonSet, List<Unstructured> nodes, Map<String, List<Unstructured>> pods) {
        return PodPlan.manage(daemonSet, nodes, pods, HASH, NOW);
    }

    @Test
    void everyNodeWithoutAPodNeedsOne() {
        PodPlan plan = manage(daemonSet("", ""), nodes(3), byNode(running("a", "n2", HASH, 0)));

        assertThat(plan.nodesNeedingPods()).containsExactly("n1", "n3");
        assertThat(plan.podsToDelete()).isEmpty();
    }

    @Test
    void aPodBeingDeletedStillHoldsItsNode() {
        PodPlan plan = manage(daemonSet("", ""), nodes(1), byNode(deleting(running("a", "n1", HASH, 0))));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void onlyTheOldestOfSeveralRunningPodsStays() {
        PodPlan plan = manage(daemonSet("", ""), nodes(1), byNode(running("young", "n1", HASH, 5),
                running("old", "n1", HASH, 1), running("middle", "n1", HASH, 3)));

        assertThat(names(plan.podsToDelete())).containsExactly("middle", "young");
    }

    @Test
    void aScheduledPodCountsAsOlderThanAnUnscheduledOne() {
        Unstructured unscheduled = running("unscheduled", "", HASH, 0);
        unscheduled.json().withObject("spec").remove("nodeName");
        Unstructured pinned = new Unstructured(DaemonPods.forNode(unscheduled.json(), "n1"));
        PodPlan plan = manage(daemonSet("", ""), nodes(1), byNode(pinned, running("scheduled", "n1", HASH, 9)));

        assertThat(names(plan.podsToDelete())).containsExactly("unscheduled");
    }

    @Test
    void terminalPodsAreReportedForDeletion() {
        PodPlan plan = manage(daemonSet("", ""), nodes(2), byNode(pod("failed", "n1", HASH, 0, "Failed", false),
                pod("done", "n2", HASH, 0, "Succeeded", false)));

        assertThat(names(plan.failedPods())).containsExactly("failed");
        assertThat(names(plan.succeededPods())).containsExactly("done");
        assertThat(plan.nodesNeedingPods()).isEmpty();
    }

    @Test
    void podsGoFromNodesTheyNoLongerFit() {
        Unstructured selecting = daemonSet("", "\"nodeSelector\": {\"disk\": \"ssd\"},");
        List<Unstructured> nodes = List.of(node("ssd", "\"disk\": \"ssd\"", ""), node("hdd", "\"disk\": \"hdd\"", ""),
                node("tainted", "\"disk\": \"ssd\"", "{\"key\": \"k\", \"effect\": \"NoExecute\"}"),
                node("cordoned", "\"disk\": \"ssd\"", "{\"key\": \"k\", \"effect\": \"NoSchedule\"}"));
        PodPlan plan = manage(selecting, nodes, byNode(running("on-ssd", "ssd", HASH, 0),
                running("on-hdd", "hdd", HASH, 0), running("on-tainted", "tainted", HASH, 0),
                running("on-cordoned", "cordoned", HASH, 0)));

        assertThat(names(plan.podsToDelete())).containsExactly("on-hdd", "on-tainted");
        assertThat(plan.nodesNeedingPods()).isEmpty();
    }

    @Test
    void anUnscheduledPodForAMissingNodeGoes() {
        Unstructured unscheduled = running("stray", "", HASH, 0);
        unscheduled.json().withObject("spec").remove("nodeName");
        Unstructured pinned = new Unstructured(DaemonPods.forNode(unscheduled.json(), "gone"));
        PodPlan plan = manage(daemonSet("", ""), nodes(1), byNode(pinned, running("bound", "gone-too", HASH, 0),
                running("a", "n1", HASH, 0)));

        assertThat(names(plan.podsToDelete())).containsExactly("stray");
    }

    @Test
    void whileSurgingAnOldPodStaysUntilTheNewOneIsAvailable() {
        Unstructured surging = rollingUpdate(1, 0);
        Unstructured waiting = pod("new-waiting", "n1", HASH, 10, "Running", false);
        Unstructured ready = running("new-ready", "n2", HASH, 10);
        PodPlan plan = manage(surging, nodes(3), byNode(running("old-1", "n1", "old", 0), waiting,
                running("old-2", "n2", "old", 0), ready,
                pod("old-3", "n3", "old", 0, "Running", false), running("new-3", "n3", HASH, 10)));

        assertThat(names(plan.podsToDelete())).containsExactly("old-2", "old-3");
    }
}
