package dev.ordinal.controller.daemon;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.daemon.DaemonSetFixtures.daemonSet;
import static dev.ordinal.controller.daemon.DaemonSetFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

/** Which nodes should run a daemon pod and which may keep one, rule by rule of upstream's NodeShouldRunDaemonPod. */
class NodeFitTest {

    private static final NodeFit RUN = new NodeFit(true, true);
    private static final NodeFit NEITHER = new NodeFit(false, false);

    @Test
    void aPlainNodeRunsThePod() {
        assertThat(NodeFit.of(daemonSet("", ""), node("n1"))).isEqualTo(RUN);
    }

    @Test
    void theNodeSelectorAndRequiredAffinityMustMatch() {
        Unstructured selecting = daemonSet("", "\"nodeSelector\": {\"disk\": \"ssd\"},");
        assertThat(NodeFit.of(selecting, node("ssd", "\"disk\": \"ssd\"", ""))).isEqualTo(RUN);
        assertThat(NodeFit.of(selecting, node("hdd", "\"disk\": \"hdd\"", ""))).isEqualTo(NEITHER);

        Unstructured affine = daemonSet("", """
                "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                  {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}]}}},""");
        assertThat(NodeFit.of(affine, node("in-b", "\"zone\": \"b\"", ""))).isEqualTo(RUN);
        assertThat(NodeFit.of(affine, node("in-c", "\"zone\": \"c\"", ""))).isEqualTo(NEITHER);
    }

    @Test
    void aTemplateNodeNameAllowsOnlyThatNode() {
        Unstructured pinned = daemonSet("", "\"nodeName\": \"n2\",");
        assertThat(NodeFit.of(pinned, node("n2"))).isEqualTo(RUN);
        assertThat(NodeFit.of(pinned, node("n1"))).isEqualTo(NEITHER);
    }

    @Test
    void anUntoleratedNoScheduleTaintKeepsNewPodsOffButLetsOneRunning() {
        Unstructured tainted = node("t", "", "{\"key\": \"dedicated\", \"value\": \"x\", \"effect\": \"NoSchedule\"}");
        assertThat(NodeFit.of(daemonSet("", ""), tainted)).isEqualTo(new NodeFit(false, true));

        Unstructured tolerating = daemonSet("", "\"tolerations\": [{\"key\": \"dedicated\", \"operator\": \"Exists\"}],");
        assertThat(NodeFit.of(tolerating, tainted)).isEqualTo(RUN);
    }

    @Test
    void anUntoleratedNoExecuteTaintEvictsToo() {
        Unstructured tainted = node("t", "", "{\"key\": \"dedicated\", \"value\": \"x\", \"effect\": \"NoExecute\"}");
        assertThat(NodeFit.of(daemonSet("", ""), tainted)).isEqualTo(NEITHER);
    }

    @Test
    void nodeConditionTaintsAreToleratedAsEveryDaemonPodToleratesThem() {
        Unstructured troubled = node("troubled", "", """
                {"key": "node.kubernetes.io/not-ready", "effect": "NoExecute"},
                {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"},
                {"key": "node.kubernetes.io/disk-pressure", "effect": "NoSchedule"},
                {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}""");
        assertThat(NodeFit.of(daemonSet("", ""), troubled)).isEqualTo(RUN);

        Unstructured noNetwork = node("no-network", "",
                "{\"key\": \"node.kubernetes.io/network-unavailable\", \"effect\": \"NoSchedule\"}");
        assertThat(NodeFit.of(daemonSet("", ""), noNetwork).shouldRun()).isFalse();
        assertThat(NodeFit.of(daemonSet("", "\"hostNetwork\": true,"), noNetwork)).isEqualTo(RUN);
    }
}
