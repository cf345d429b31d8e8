package dev.ordinal.kubelet;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatPlanTest {

    private static final Instant HEARTBEAT = Instant.parse("2026-01-01T00:00:00Z");
    private static final NodeProperties PROPERTIES = NodeProperties.defaults();

    @Test
    void aHealthyKubeletRenewsItsLeaseEveryTenSecondsAndReportsEveryFiveMinutes() {
        HeartbeatPlan early = HeartbeatPlan.at(node("True", ""), HEARTBEAT, HEARTBEAT.plusSeconds(5), PROPERTIES);
        assertThat(early.renewLease()).isFalse();
        assertThat(early.postStatus()).isFalse();
        assertThat(early.next()).isEqualTo(HEARTBEAT.plusSeconds(10));

        HeartbeatPlan due = HeartbeatPlan.at(node("True", ""), HEARTBEAT, HEARTBEAT.plusSeconds(10), PROPERTIES);
        assertThat(due.renewLease()).isTrue();
        assertThat(due.postStatus()).isFalse();

        HeartbeatPlan report = HeartbeatPlan.at(node("True", ""), HEARTBEAT.plusSeconds(300), HEARTBEAT.plusSeconds(300),
                PROPERTIES);
        assertThat(report.postStatus()).isTrue();
        assertThat(report.ready()).isTrue();
    }

    @Test
    void aNotReadyKubeletReportsAtOnceAndKeepsItsLease() {
        HeartbeatPlan plan = HeartbeatPlan.at(node("True", "ordinal.dev/not-ready"), HEARTBEAT, HEARTBEAT.plusSeconds(1),
                PROPERTIES);

        assertThat(plan.postStatus()).isTrue();
        assertThat(plan.ready()).isFalse();
        assertThat(plan.next()).isEqualTo(HEARTBEAT.plusSeconds(10));
    }

    @Test
    void anUnreachableKubeletDoesNothing() {
        HeartbeatPlan plan = HeartbeatPlan.at(node("True", "ordinal.dev/unreachable"), HEARTBEAT,
                HEARTBEAT.plusSeconds(600), PROPERTIES);

        assertThat(plan.renewLease()).isFalse();
        assertThat(plan.postStatus()).isFalse();
        assertThat(plan.next()).isNull();
    }

    @Test
    void aKubeletBackFindsTheUnknownStatusAndReportsAtOnce() {
        HeartbeatPlan plan = HeartbeatPlan.at(node("Unknown", ""), HEARTBEAT, HEARTBEAT.plusSeconds(60), PROPERTIES);

        assertThat(plan.renewLease()).isTrue();
        assertThat(plan.postStatus()).isTrue();
        assertThat(plan.ready()).isTrue();
    }

    private static Unstructured node(String ready, String fault) {
        String annotations = fault.isEmpty() ? "{}" : "{\"" + fault + "\":\"true\"}";
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree("{\"metadata\":{\"name\":\"n\",\"annotations\":"
                + annotations + "},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + ready
                + "\",\"lastHeartbeatTime\":\"2026-01-01T00:00:00Z\"}]}}"));
    }
}
