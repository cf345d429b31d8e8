package dev.ordinal.kubelet;

import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.node.NodeFault;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * What a node's kubelet does at a moment, as upstream's node lease controller and
 * {@code syncNodeStatus} decide it: renew the Lease once the renew interval has passed; post the
 * node's status when what it would report differs from what the node shows (a Ready condition
 * of another status, as after the node lifecycle controller set it Unknown) or the report
 * interval has passed since the last heartbeat. An unreachable kubelet does neither.
 *
 * @param renewLease whether to renew the Lease now
 * @param postStatus whether to post the node's status now
 * @param ready      whether the kubelet reports Ready=True
 * @param next       when it has something to do again; null when only a change of the node wakes it
 */
record HeartbeatPlan(boolean renewLease, boolean postStatus, boolean ready, Instant next) {

    static HeartbeatPlan at(Unstructured node, Instant leaseRenewTime, Instant now, NodeProperties properties) {
        NodeFault fault = NodeFault.of(node.annotations());
        if (fault == NodeFault.UNREACHABLE) {
            return new HeartbeatPlan(false, false, false, null);
        }
        boolean ready = fault == NodeFault.HEALTHY;
        Instant renewDue = leaseRenewTime == null ? now : leaseRenewTime.plus(properties.leaseRenewInterval());
        boolean renew = !renewDue.isAfter(now);
        JsonNode condition = PodConditions.find(node.json().path("status"), "Ready");
        Instant heartbeat = condition.isMissingNode() ? null : parse(condition.path("lastHeartbeatTime").asString(""));
        Instant reportDue = heartbeat == null ? now : heartbeat.plus(properties.statusReportInterval());
        boolean changed = condition.isMissingNode()
                || !condition.path("status").asString("").equals(ready ? "True" : "False");
        boolean post = changed || !reportDue.isAfter(now);
        Instant nextRenew = renew ? now.plus(properties.leaseRenewInterval()) : renewDue;
        Instant nextReport = post ? now.plus(properties.statusReportInterval()) : reportDue;
        return new HeartbeatPlan(renew, post, ready, nextRenew.isBefore(nextReport) ? nextRenew : nextReport);
    }

    /** How long from {@code now} until {@link #next}. */
    Duration wait(Instant now) {
        return Duration.between(now, next);
    }

    private static Instant parse(String time) {
        if (time.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
