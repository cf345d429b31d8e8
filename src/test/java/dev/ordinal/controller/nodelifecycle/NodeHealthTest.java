package dev.ordinal.controller.nodelifecycle;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

class NodeHealthTest {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant HEARD = Instant.parse("2026-01-01T01:00:00Z");

    @Test
    void aNodeHeardFromWithinTheGracePeriodIsLeftAlone() {
        NodeHealth health = NodeHealth.of(node("True", ""), HEARD, HEARD.plusSeconds(50));

        assertThat(health.conditions()).isNull();
        assertThat(health.taints()).isNull();
        assertThat(health.markPodsNotReady()).isFalse();
    }

    @Test
    void aSilentNodeGoesUnknownUnreachableAndItsPodsNotReady() {
        Instant now = HEARD.plusSeconds(51);
        NodeHealth health = NodeHealth.of(node("True", ""), HEARD, now);

        assertThat(health.markPodsNotReady()).isTrue();
        JsonNode ready = health.conditions().get(0);
        assertThat(ready.path("status").asString()).isEqualTo("Unknown");
        assertThat(ready.path("reason").asString()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.path("message").asString()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(ready.path("lastTransitionTime").asString()).isEqualTo("2026-01-01T01:00:51Z");
        // The heartbeat stays the kubelet's last.
        assertThat(ready.path("lastHeartbeatTime").asString()).isEqualTo("2026-01-01T00:00:00Z");
        // Conditions the kubelet never posted appear as never updated.
        assertThat(health.conditions().toString()).contains("NodeStatusNeverUpdated");
        assertThat(health.taints().toString())
                .contains("{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoSchedule\"}")
                .contains("{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\","
                        + "\"timeAdded\":\"2026-01-01T01:00:51Z\"}");
    }

    @Test
    void aNodeAlreadyUnknownIsNotMarkedAgain() {
        NodeHealth health = NodeHealth.of(node("Unknown", ""), HEARD, HEARD.plusSeconds(500));

        assertThat(health.conditions()).isNull();
        assertThat(health.markPodsNotReady()).isFalse();
        assertThat(health.taints()).hasSize(2);
    }

    @Test
    void aKubeletReportingNotReadyGetsTheNotReadyTaintsAndNoUnknown() {
        NodeHealth health = NodeHealth.of(node("False", ""), HEARD, HEARD.plusSeconds(10));

        assertThat(health.conditions()).isNull();
        assertThat(health.markPodsNotReady()).isFalse();
        assertThat(health.taints().toString()).contains("node.kubernetes.io/not-ready\",\"effect\":\"NoSchedule")
                .contains("node.kubernetes.io/not-ready\",\"effect\":\"NoExecute").doesNotContain("unreachable");
    }

    @Test
    void aReadyNodeLosesTheControllersTaintsAndKeepsAUsersOwn() {
        String taints = "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoSchedule\"},"
                + "{\"key\":\"dedicated\",\"value\":\"db\",\"effect\":\"NoSchedule\"}]";
        NodeHealth health = NodeHealth.of(node("True", taints), HEARD, HEARD.plusSeconds(1));

        assertThat(health.taints()).hasSize(1);
        assertThat(health.taints().get(0).path("key").asString()).isEqualTo("dedicated");
    }

    @Test
    void aCordonedNodeIsTaintedUnschedulable() {
        Unstructured node = node("True", "");
        ((ObjectNode) node.json().path("spec")).put("unschedulable", true);

        NodeHealth health = NodeHealth.of(node, HEARD, HEARD.plusSeconds(1));

        assertThat(health.taints().toString())
                .isEqualTo("[{\"key\":\"node.kubernetes.io/unschedulable\",\"effect\":\"NoSchedule\"}]");
    }

    @Test
    void aNodeThatNeverPostedStatusHasTheStartupGracePeriod() {
        Unstructured node = node("", "");
        assertThat(NodeHealth.of(node, null, CREATED.plusSeconds(60)).conditions()).isNull();

        NodeHealth health = NodeHealth.of(node, null, CREATED.plusSeconds(61));
        assertThat(health.conditions().get(0).path("reason").asString()).isEqualTo("NodeStatusNeverUpdated");
        assertThat(health.conditions().get(0).path("message").asString()).isEqualTo("Kubelet never posted node status.");
        assertThat(health.markPodsNotReady()).isFalse();
    }

    /** A node created at CREATED whose kubelet last posted Ready={@code ready} then ("" for never). */
    private static Unstructured node(String ready, String taints) {
        String conditions = ready.isEmpty() ? "[]" : "[{\"type\":\"Ready\",\"status\":\"" + ready + "\","
                + "\"lastHeartbeatTime\":\"2026-01-01T00:00:00Z\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\","
                + "\"reason\":\"KubeletReady\",\"message\":\"kubelet is posting ready status\"}]";
        String json = "{\"metadata\":{\"name\":\"n\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
                + "\"spec\":{" + (taints.isEmpty() ? "" : "\"taints\":" + taints) + "},"
                + "\"status\":{\"conditions\":" + conditions + "}}";
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(json));
    }
}
