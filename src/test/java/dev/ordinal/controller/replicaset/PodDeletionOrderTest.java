package dev.ordinal.controller.replicaset;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** Which pods a ReplicaSet deletes first, rule by rule of upstream's ActivePodsWithRanks. */
class PodDeletionOrderTest {

    private static final Instant NOW = Instant.parse("2024-01-01T12:00:00Z");

    /** A pod on {@code node} ("" for none) in {@code phase}, Ready since {@code readySince} (null for not ready). */
    private static Unstructured pod(String name, String node, String phase, String readySince, String created) {
        ObjectNode pod = (ObjectNode) JsonMapper.shared().readTree("""
                {"metadata": {"name": "%s", "uid": "uid-%s", "creationTimestamp": "%s"},
                 "spec": {"nodeName": "%s"}, "status": {"phase": "%s", "conditions": []}}"""
                .formatted(name, name, created, node, phase));
        if (readySince != null) {
            pod.withObject("status").withArray("conditions").addObject()
                    .put("type", "Ready").put("status", "True").put("lastTransitionTime", readySince);
        }
        return new Unstructured(pod);
    }

    private static Unstructured ready(String name, String node) {
        return pod(name, node, "Running", "2024-01-01T10:00:00Z", "2024-01-01T09:00:00Z");
    }

    private static List<String> names(List<Unstructured> pods) {
        return pods.stream().map(Unstructured::name).toList();
    }

    @Test
    void unscheduledThenPendingThenNotReadyGoFirst() {
        List<Unstructured> pods = List.of(
                ready("ready-a", "n1"), ready("ready-b", "n2"),
                pod("pending", "n1", "Pending", null, "2024-01-01T09:00:00Z"),
                pod("unscheduled", "", "Pending", null, "2024-01-01T09:00:00Z"),
                pod("not-ready", "n2", "Running", null, "2024-01-01T09:00:00Z"));

        assertThat(names(PodDeletionOrder.podsToDelete(pods, pods, 3, NOW)))
                .containsExactly("unscheduled", "pending", "not-ready");
    }

    @Test
    void lowerDeletionCostGoesFirst() {
        Unstructured cheap = ready("cheap", "n1");
        cheap.metadata().withObject("annotations").put(PodDeletionOrder.DELETION_COST, "-5");
        Unstructured dear = ready("dear", "n2");
        dear.metadata().withObject("annotations").put(PodDeletionOrder.DELETION_COST, "100");
        Unstructured unparsable = ready("unparsable", "n3");
        unparsable.metadata().withObject("annotations").put(PodDeletionOrder.DELETION_COST, "lots");
        List<Unstructured> pods = List.of(dear, unparsable, cheap);

        assertThat(names(PodDeletionOrder.podsToDelete(pods, pods, 2, NOW))).containsExactly("cheap", "unparsable");
    }

    @Test
    void podsDoubledUpOnANodeGoBeforeLonelyOnes() {
        Unstructured alone = ready("alone", "n1");
        Unstructured crowded = ready("crowded", "n2");
        Unstructured sibling = ready("sibling-of-another-set", "n2");
        List<Unstructured> pods = List.of(alone, crowded);

        assertThat(names(PodDeletionOrder.podsToDelete(pods, List.of(alone, crowded, sibling), 1, NOW)))
                .containsExactly("crowded");
    }

    @Test
    void recentlyReadyGoesBeforeLongReadyInPowersOfTwo() {
        Unstructured longReady = pod("long-ready", "n1", "Running", "2024-01-01T08:00:00Z", "2024-01-01T07:00:00Z");
        Unstructured justReady = pod("just-ready", "n2", "Running", "2024-01-01T11:59:00Z", "2024-01-01T07:00:00Z");
        List<Unstructured> pods = List.of(longReady, justReady);

        assertThat(names(PodDeletionOrder.podsToDelete(pods, pods, 1, NOW))).containsExactly("just-ready");
    }

    @Test
    void readinessInTheSameBucketIsDecidedByUid() {
        // 60 s and 61 s ago are both between 2^35 and 2^36 nanoseconds: the smaller UID goes.
        Unstructured b = pod("b", "n1", "Running", "2024-01-01T11:59:00Z", "2024-01-01T07:00:00Z");
        Unstructured a = pod("a", "n2", "Running", "2024-01-01T11:58:59Z", "2024-01-01T07:00:00Z");
        List<Unstructured> pods = List.of(b, a);

        assertThat(names(PodDeletionOrder.podsToDelete(pods, pods, 1, NOW))).containsExactly("a");
    }

    @Test
    void moreRestartsThenNewerGoFirst() {
        Unstructured restarted = ready("restarted", "n1");
        restarted.json().withObject("status").putArray("containerStatuses").addObject().put("restartCount", 3);
        Unstructured newer = pod("newer", "n2", "Running", "2024-01-01T10:00:00Z", "2024-01-01T09:59:00Z");
        Unstructured older = pod("older", "n3", "Running", "2024-01-01T10:00:00Z", "2024-01-01T01:00:00Z");
        List<Unstructured> pods = List.of(older, newer, restarted);

        assertThat(names(PodDeletionOrder.podsToDelete(pods, pods, 2, NOW))).containsExactly("restarted", "newer");
    }

    @Test
    void deletingEveryPodNeedsNoOrder() {
        List<Unstructured> pods = List.of(ready("a", "n1"), ready("b", "n2"));

        assertThat(PodDeletionOrder.podsToDelete(pods, pods, 5, NOW)).hasSize(2);
    }
}
