package dev.ordinal.controller.daemon;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.daemon.DaemonSetFixtures.HASH;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.byNode;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.daemonSet;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.node;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.pod;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

/** A DaemonSet's status, counted per node on its oldest pod. */
class DaemonSetStatusTest {

    @Test
    void countsNodesNotPods() {
        Unstructured selecting = daemonSet("\"minReadySeconds\": 120,", "\"nodeSelector\": {\"role\": \"agent\"},");
        List<Unstructured> nodes = List.of(node("n1", "\"role\": \"agent\"", ""), node("n2", "\"role\": \"agent\"", ""),
                node("n3", "\"role\": \"agent\"", ""), node("n4", "\"role\": \"agent\"", ""), node("other", "", ""));
        ObjectNode status = DaemonSetStatus.calculate(selecting, nodes, byNode(
                running("long-ready", "n1", HASH, 0), running("young", "n1", "old", 30),
                running("just-ready", "n2", "old", 58),
                pod("starting", "n3", HASH, 59, "Pending", false),
                running("stray", "other", HASH, 0)), HASH, Instant.parse("2024-01-01T13:00:00Z"));

        assertThat(status.toString()).isEqualTo("{\"currentNumberScheduled\":3,\"numberMisscheduled\":1,"
                + "\"desiredNumberScheduled\":4,\"numberReady\":2,\"observedGeneration\":2,"
                + "\"updatedNumberScheduled\":2,\"numberAvailable\":1,\"numberUnavailable\":3}");
    }

    @Test
    void zeroCountersThatGoOmitsAreLeftOut() {
        ObjectNode status = DaemonSetStatus.calculate(daemonSet("", ""), List.of(), byNode(), HASH,
                Instant.parse("2024-01-01T13:00:00Z"));

        assertThat(status.toString()).isEqualTo("{\"currentNumberScheduled\":0,\"numberMisscheduled\":0,"
                + "\"desiredNumberScheduled\":0,\"numberReady\":0,\"observedGeneration\":2}");
    }
}
