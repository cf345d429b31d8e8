package dev.ordinal.controller.scheduler;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchedulerCacheTest {

    private final SchedulerCache cache = new SchedulerCache();

    SchedulerCacheTest() {
        cache.addOrUpdateNode(SchedulingAlgorithmTest.node("b", "{}", "{}"));
        cache.addOrUpdateNode(SchedulingAlgorithmTest.node("a", "{}", "{}"));
    }

    /** A pod asking for one cpu, bound to {@code node} when it is not empty. */
    private static Unstructured pod(String uid, String node) {
        Unstructured pod = SchedulingAlgorithmTest.pod("{\"containers\": [{\"name\": \"app\", \"resources\": "
                + "{\"requests\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}}]}");
        pod.setMeta("name", "web-" + uid);
        pod.setMeta("uid", uid);
        if (!node.isEmpty()) {
            pod.json().withObject("spec").put("nodeName", node);
        }
        return pod;
    }

    /** Per node, the pods counted on it and the cpu they request. */
    private Map<String, String> held() {
        return cache.snapshot().stream().collect(Collectors.toMap(NodeInfo::name,
                n -> n.pods().stream().map(p -> p.pod().uid()).sorted().toList() + " " + n.requested().milliCpu() + "m"));
    }

    @Test
    void nodesAreOfferedByNameWithWhatIsBoundToThem() {
        cache.addOrUpdatePod(pod("1", "a"));
        cache.addOrUpdatePod(pod("2", "a"));
        cache.addOrUpdatePod(pod("3", "b"));

        assertThat(cache.snapshot()).extracting(NodeInfo::name).containsExactly("a", "b");
        assertThat(held()).containsEntry("a", "[1, 2] 2000m").containsEntry("b", "[3] 1000m");
    }

    @Test
    void anAssumedPodCountsOnItsNodeOnceAndIsConfirmedByTheInformer() {
        Unstructured pending = pod("1", "");

        cache.assumePod(pending, "a");
        assertThat(cache.isAssumed(pending)).isTrue();
        assertThat(held()).containsEntry("a", "[1] 1000m");

        cache.addOrUpdatePod(pod("1", "a"));
        assertThat(cache.isAssumed(pending)).isFalse();
        assertThat(held()).containsEntry("a", "[1] 1000m");
    }

    @Test
    void theInformersNodeWinsOverTheAssumedOne() {
        cache.assumePod(pod("1", ""), "a");

        cache.addOrUpdatePod(pod("1", "b"));

        assertThat(held()).containsEntry("a", "[] 0m").containsEntry("b", "[1] 1000m");
    }

    @Test
    void aForgottenAssumptionFreesTheNodeButABoundPodStays() {
        cache.assumePod(pod("1", ""), "a");
        cache.addOrUpdatePod(pod("2", "a"));

        cache.forgetPod(pod("1", ""));
        cache.forgetPod(pod("2", "a"));

        assertThat(held()).containsEntry("a", "[2] 1000m");
    }

    @Test
    void aPodInTheCacheCannotBeAssumedAgain() {
        cache.assumePod(pod("1", ""), "a");

        assertThatThrownBy(() -> cache.assumePod(pod("1", ""), "b")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void removedPodsFreeTheirNode() {
        cache.addOrUpdatePod(pod("1", "a"));
        cache.assumePod(pod("2", ""), "a");

        cache.removePod(pod("1", "a"));
        cache.removePod(pod("2", ""));

        assertThat(held()).containsEntry("a", "[] 0m");
    }

    @Test
    void podsOfANodeNotYetSeenCountOnceItIsAddedAndARemovedNodeIsNoLongerOffered() {
        cache.addOrUpdatePod(pod("1", "c"));
        assertThat(cache.snapshot()).extracting(NodeInfo::name).containsExactly("a", "b");

        cache.addOrUpdateNode(SchedulingAlgorithmTest.node("c", "{}", "{}"));
        assertThat(held()).containsEntry("c", "[1] 1000m");

        cache.removeNode("c");
        assertThat(cache.snapshot()).extracting(NodeInfo::name).containsExactly("a", "b");
    }

    @Test
    void aSnapshotShowsChangesMadeAfterTheOneBefore() {
        List<NodeInfo> before = cache.snapshot();

        cache.addOrUpdatePod(pod("1", "b"));
        cache.addOrUpdateNode(SchedulingAlgorithmTest.node("a", "{}", "{}", "{\"cpu\": \"2\", \"pods\": \"5\"}"));

        assertThat(before).allMatch(node -> node.pods().isEmpty());
        List<NodeInfo> after = cache.snapshot();
        assertThat(after.get(0).allowedPods()).isEqualTo(5);
        assertThat(after.get(1).pods()).extracting(p -> p.pod().uid()).containsExactly("1");
    }
}
