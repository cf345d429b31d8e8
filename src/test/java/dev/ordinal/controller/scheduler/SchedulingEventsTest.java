package dev.ordinal.controller.scheduler;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingEventsTest {

    @Test
    void aHeartbeatDoesNotMakeRoomButLabelsTaintsAndConditionsMay() {
        Unstructured node = readyNode();

        Unstructured heartbeat = readyNode();
        ready(heartbeat).put("lastHeartbeatTime", "2025-03-01T10:05:00Z");
        assertThat(SchedulingEvents.nodeMayFitMore(node, heartbeat)).isFalse();

        Unstructured labelled = readyNode();
        labelled.metadata().withObject("labels").put("disk", "ssd");
        assertThat(SchedulingEvents.nodeMayFitMore(node, labelled)).isTrue();

        Unstructured tainted = readyNode();
        tainted.json().withObject("spec").putArray("taints").addObject().put("key", "k").put("effect", "NoSchedule");
        assertThat(SchedulingEvents.nodeMayFitMore(tainted, node)).isTrue();

        Unstructured notReady = readyNode();
        ready(notReady).put("status", "False");
        assertThat(SchedulingEvents.nodeMayFitMore(notReady, node)).isTrue();

        assertThat(SchedulingEvents.nodeMayFitMore(null, node)).isTrue();
    }

    @Test
    void aPendingPodChangesOnlyBeyondItsStatus() {
        Unstructured pod = SchedulingAlgorithmTest.pod("{}");
        pod.metadata().put("resourceVersion", "5");

        Unstructured statusOnly = pod.deepCopy();
        statusOnly.metadata().put("resourceVersion", "6");
        statusOnly.json().withObject("status").put("phase", "Pending");
        assertThat(SchedulingEvents.podChanged(pod, statusOnly)).isFalse();

        Unstructured tolerating = pod.deepCopy();
        tolerating.json().withObject("spec").putArray("tolerations").addObject().put("operator", "Exists");
        assertThat(SchedulingEvents.podChanged(pod, tolerating)).isTrue();
    }

    @Test
    void aBoundPodMakesRoomWhenItGoesOrFinishes() {
        Unstructured bound = SchedulingAlgorithmTest.pod("{\"nodeName\": \"a\"}");
        Unstructured finished = bound.deepCopy();
        finished.json().withObject("status").put("phase", "Succeeded");

        assertThat(SchedulingEvents.freesResources(bound, bound, true)).isTrue();
        assertThat(SchedulingEvents.freesResources(finished, bound, false)).isTrue();
        assertThat(SchedulingEvents.freesResources(finished, finished, false)).isFalse();
        assertThat(SchedulingEvents.freesResources(bound, null, false)).isFalse();
        assertThat(SchedulingEvents.freesResources(SchedulingAlgorithmTest.pod("{}"), null, true)).isFalse();
    }

    private static Unstructured readyNode() {
        Unstructured node = SchedulingAlgorithmTest.node("a", "{\"zone\": \"a\"}", "{}");
        node.json().withObject("status").putArray("conditions").addObject().put("type", "Ready")
                .put("status", "True").put("lastHeartbeatTime", "2025-03-01T10:00:00Z");
        return node;
    }

    private static ObjectNode ready(Unstructured node) {
        return (ObjectNode) node.json().path("status").path("conditions").get(0);
    }
}
