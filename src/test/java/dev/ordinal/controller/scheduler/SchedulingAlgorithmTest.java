package dev.ordinal.controller.scheduler;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingAlgorithmTest {

    private static final String NOT_HELPFUL = "preemption: 0/3 nodes are available: 3 Preemption is not helpful for "
            + "scheduling.";

    /** Three 8-cpu, 16Gi, 110-pod nodes: a (zone a, 4 cores label), b (zone b, 16), c (no zone, "many"). */
    private static List<NodeInfo> nodes() {
        return List.of(
                NodeInfo.of(node("a", "{\"zone\": \"a\", \"cores\": \"4\"}", "{}"), List.of()),
                NodeInfo.of(node("b", "{\"zone\": \"b\", \"cores\": \"16\"}", "{}"), List.of()),
                NodeInfo.of(node("c", "{\"cores\": \"many\"}", "{}"), List.of()));
    }

    @Test
    void withoutNodesNothingIsAvailable() {
        SchedulingAlgorithm.Result result = SchedulingAlgorithm.schedule(pod("{}"), List.of());

        assertThat(result.scheduled()).isFalse();
        assertThat(result.failure()).isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void aNodeSelectorNoNodeMatchesReadsAsUpstreamsFitError() {
        SchedulingAlgorithm.Result result = SchedulingAlgorithm.schedule(pod("{\"nodeSelector\": {\"disk\": \"ssd\"}}"),
                nodes());

        assertThat(result.failure()).isEqualTo("0/3 nodes are available: 3 node(s) didn't match Pod's node "
                + "affinity/selector. " + NOT_HELPFUL);
    }

    @Test
    void aNodeSelectorPicksTheNodesWithAllItsLabels() {
        assertThat(SchedulingAlgorithm.schedule(pod("{\"nodeSelector\": {\"zone\": \"b\", \"cores\": \"16\"}}"),
                nodes()).bestNodes()).containsExactly("b");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"key\": \"zone\", \"operator\": \"In\", \"values\": [\"a\", \"x\"]}|a",
            "{\"key\": \"zone\", \"operator\": \"NotIn\", \"values\": [\"a\"]}|b c",
            "{\"key\": \"zone\", \"operator\": \"Exists\"}|a b",
            "{\"key\": \"zone\", \"operator\": \"DoesNotExist\"}|c",
            "{\"key\": \"cores\", \"operator\": \"Gt\", \"values\": [\"8\"]}|b",
            "{\"key\": \"cores\", \"operator\": \"Lt\", \"values\": [\"8\"]}|a",
            "{\"key\": \"cores\", \"operator\": \"Gt\", \"values\": [\"1\", \"2\"]}|''"})
    void requiredNodeAffinityMatchesLabelsByOperator(String expression, String matching) {
        String spec = "{\"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
                + "{\"nodeSelectorTerms\": [{\"matchExpressions\": [" + expression + "]}]}}}}";

        assertThat(matching(spec)).isEqualTo(matching);
    }

    @Test
    void nodeSelectorTermsAreOredAndTheirRequirementsAnded() {
        String spec = """
                {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                  {"matchExpressions": [{"key": "zone", "operator": "Exists"}, {"key": "cores", "operator": "Lt",
                                         "values": ["8"]}]},
                  {"matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["a", "b"]}]},
                  {}]}}}}""";

        assertThat(matching(spec)).isEqualTo("a c");
    }

    @Test
    void nodesOutsideTheNamesMatchFieldsAllowAreFilteredBeforehand() {
        List<NodeInfo> nodes = List.of(
                NodeInfo.of(node("a", "{}", "{\"taints\": [{\"key\": \"dedicated\", \"value\": \"db\", "
                        + "\"effect\": \"NoSchedule\"}]}"), List.of()),
                NodeInfo.of(node("b", "{}", "{}"), List.of()),
                NodeInfo.of(node("c", "{}", "{}"), List.of()));
        String spec = """
                {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                  {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["a"]}]}]}}}}""";

        assertThat(SchedulingAlgorithm.schedule(pod(spec), nodes).failure()).isEqualTo("0/3 nodes are available: "
                + "1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
                + NOT_HELPFUL);
    }

    @Test
    void termsNamingDisjointNodesConflict() {
        String spec = """
                {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                  {"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["a"]},
                                   {"key": "metadata.name", "operator": "In", "values": ["b"]}]}]}}}}""";

        assertThat(SchedulingAlgorithm.schedule(pod(spec), nodes()).failure())
                .isEqualTo("0/3 nodes are available: pod affinity terms conflict. " + NOT_HELPFUL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "NoSchedule|[]|false",
            "NoExecute|[]|false",
            "PreferNoSchedule|[]|true",
            "NoSchedule|[{\"key\": \"dedicated\", \"operator\": \"Equal\", \"value\": \"db\"}]|true",
            "NoSchedule|[{\"key\": \"dedicated\", \"value\": \"web\"}]|false",
            "NoSchedule|[{\"key\": \"dedicated\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\"}]|true",
            "NoSchedule|[{\"key\": \"dedicated\", \"operator\": \"Exists\", \"effect\": \"NoExecute\"}]|false",
            "NoExecute|[{\"operator\": \"Exists\"}]|true"})
    void taintsKeepOffPodsThatDoNotTolerateThem(String effect, String tolerations, boolean fits) {
        List<NodeInfo> tainted = List.of(NodeInfo.of(node("a", "{}", "{\"taints\": [{\"key\": \"dedicated\", "
                + "\"value\": \"db\", \"effect\": \"" + effect + "\"}]}"), List.of()));

        SchedulingAlgorithm.Result result = SchedulingAlgorithm.schedule(pod("{\"tolerations\": " + tolerations + "}"),
                tainted);

        assertThat(result.scheduled()).isEqualTo(fits);
        if (!fits) {
            assertThat(result.failure()).isEqualTo("0/1 nodes are available: 1 node(s) had untolerated taint "
                    + "{dedicated: db}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for "
                    + "scheduling.");
        }
    }

    @Test
    void aCordonedNodeTakesOnlyPodsToleratingTheUnschedulableTaint() {
        List<NodeInfo> cordoned = List.of(NodeInfo.of(node("a", "{}", "{\"unschedulable\": true}"), List.of()));

        assertThat(SchedulingAlgorithm.schedule(pod("{}"), cordoned).failure()).isEqualTo("0/1 nodes are available: "
                + "1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for "
                + "scheduling.");
        assertThat(SchedulingAlgorithm.schedule(pod("{\"tolerations\": [{\"key\": "
                + "\"node.kubernetes.io/unschedulable\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\"}]}"),
                cordoned).bestNodes()).containsExactly("a");
    }

    @Test
    void requestsMustFitWhatThePodsOnTheNodeLeave() {
        NodeInfo busy = NodeInfo.of(node("a", "{}", "{}"), List.of(pod(requests("7", "4Gi"))));

        assertThat(SchedulingAlgorithm.schedule(pod(requests("1", "12Gi")), List.of(busy)).bestNodes())
                .containsExactly("a");
        assertThat(SchedulingAlgorithm.schedule(pod(requests("2", "13Gi")), List.of(busy)).failure())
                .isEqualTo("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes "
                        + "are available: 1 No preemption victims found for incoming pod.");
    }

    @Test
    void aRequestBeyondWhatTheNodeHasCannotBeHelpedByPreemption() {
        assertThat(SchedulingAlgorithm.schedule(pod(requests("9", "1Gi")), List.of(nodes().get(0))).failure())
                .isEqualTo("0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: "
                        + "1 Preemption is not helpful for scheduling.");
    }

    @Test
    void limitsStandInForMissingRequests() {
        String limited = "{\"containers\": [{\"name\": \"app\", \"resources\": {\"limits\": {\"cpu\": \"9\"}}}]}";

        assertThat(SchedulingAlgorithm.schedule(pod(limited), List.of(nodes().get(0))).failure())
                .startsWith("0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void aFullNodeTakesNoMorePods() {
        NodeInfo full = NodeInfo.of(node("a", "{}", "{}", "{\"cpu\": \"8\", \"memory\": \"16Gi\", \"pods\": \"1\"}"),
                List.of(pod("{}")));

        assertThat(SchedulingAlgorithm.schedule(pod("{}"), List.of(full)).failure()).isEqualTo("0/1 nodes are "
                + "available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for "
                + "incoming pod.");
    }

    @Test
    void anExtendedResourceTheNodeLacksIsInsufficient() {
        String gpu = "{\"containers\": [{\"name\": \"app\", \"resources\": "
                + "{\"limits\": {\"nvidia.com/gpu\": \"1\"}}}]}";

        assertThat(SchedulingAlgorithm.schedule(pod(gpu), List.of(nodes().get(0))).failure())
                .startsWith("0/1 nodes are available: 1 Insufficient nvidia.com/gpu.");
    }

    @Test
    void theReasonsAreCountedAndSorted() {
        List<NodeInfo> nodes = new ArrayList<>(nodes());
        nodes.set(0, NodeInfo.of(node("a", "{\"zone\": \"a\"}", "{}"), List.of(pod(requests("8", "1Gi")))));

        String failure = SchedulingAlgorithm.schedule(pod("{\"nodeSelector\": {\"zone\": \"a\"}, \"containers\": "
                + "[{\"name\": \"app\", \"resources\": {\"requests\": {\"cpu\": \"1\"}}}]}"), nodes).failure();

        assertThat(failure).isEqualTo("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node "
                + "affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming "
                + "pod, 2 Preemption is not helpful for scheduling.");
    }

    @Test
    void aPodThatMayNotPreemptSaysSo() {
        assertThat(SchedulingAlgorithm.schedule(pod("{\"preemptionPolicy\": \"Never\", \"nodeSelector\": "
                + "{\"disk\": \"ssd\"}}"), nodes()).failure()).isEqualTo("0/3 nodes are available: 3 node(s) didn't "
                + "match Pod's node affinity/selector. preemption: not eligible due to preemptionPolicy=Never.");
    }

    @Test
    void aPodMarkedUnschedulableFitsNowhere() {
        Unstructured pod = pod("{}");
        pod.metadata().putObject("annotations").put("ordinal.dev/unschedulable", "true");

        assertThat(SchedulingAlgorithm.schedule(pod, nodes()).failure()).isEqualTo("0/3 nodes are available: pod is "
                + "marked unschedulable by annotation ordinal.dev/unschedulable. " + NOT_HELPFUL);
    }

    @Test
    void equalNodesAllScoreBest() {
        assertThat(SchedulingAlgorithm.schedule(pod("{}"), nodes()).bestNodes()).containsExactly("a", "b", "c");
    }

    @Test
    void podsOfOneControllerSpreadOverTheNodes() {
        Unstructured sibling = owned(pod("{}"), "sts-uid");
        List<NodeInfo> nodes = List.of(
                NodeInfo.of(node("a", "{}", "{}"), List.of(sibling)),
                NodeInfo.of(node("b", "{}", "{}"), List.of(pod("{}"))),
                NodeInfo.of(node("c", "{}", "{}"), List.of(owned(pod("{}"), "other-uid"))));

        assertThat(SchedulingAlgorithm.schedule(owned(pod("{}"), "sts-uid"), nodes).bestNodes())
                .containsExactly("b", "c");
    }

    @Test
    void theLeastAllocatedNodeWins() {
        List<NodeInfo> nodes = List.of(
                NodeInfo.of(node("a", "{}", "{}"), List.of(pod(requests("4", "8Gi")))),
                NodeInfo.of(node("b", "{}", "{}"), List.of(pod(requests("1", "1Gi")))));

        assertThat(SchedulingAlgorithm.schedule(pod("{}"), nodes).bestNodes()).containsExactly("b");
    }

    @Test
    void preferredAffinityAndPreferNoScheduleTaintsSteerThePod() {
        List<NodeInfo> nodes = List.of(
                NodeInfo.of(node("a", "{\"disk\": \"ssd\"}", "{}"), List.of()),
                NodeInfo.of(node("b", "{\"disk\": \"ssd\"}", "{\"taints\": [{\"key\": \"spot\", "
                        + "\"effect\": \"PreferNoSchedule\"}]}"), List.of()),
                NodeInfo.of(node("c", "{}", "{}"), List.of()));
        String spec = """
                {"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                  {"weight": 50, "preference": {"matchExpressions": [{"key": "disk", "operator": "In",
                                                                      "values": ["ssd"]}]}}]}}}""";

        assertThat(SchedulingAlgorithm.schedule(pod(spec), nodes).bestNodes()).containsExactly("a");
    }

    private static String matching(String spec) {
        List<String> names = new ArrayList<>();
        for (NodeInfo node : nodes()) {
            if (NodeAffinity.matches(JsonMapper.shared().readTree(spec), node.node())) {
                names.add(node.name());
            }
        }
        return String.join(" ", names);
    }

    private static String requests(String cpu, String memory) {
        return "{\"containers\": [{\"name\": \"app\", \"resources\": {\"requests\": {\"cpu\": \"" + cpu
                + "\", \"memory\": \"" + memory + "\"}}}]}";
    }

    static Unstructured node(String name, String labels, String spec) {
        return node(name, labels, spec, "{\"cpu\": \"8\", \"memory\": \"16Gi\", \"pods\": \"110\"}");
    }

    static Unstructured node(String name, String labels, String spec, String allocatable) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree("{\"metadata\": {\"name\": \"" + name
                + "\", \"labels\": " + labels + "}, \"spec\": " + spec + ", \"status\": {\"allocatable\": "
                + allocatable + "}}"));
    }

    static Unstructured pod(String spec) {
        ObjectNode pod = (ObjectNode) JsonMapper.shared().readTree("{\"metadata\": {\"name\": \"web\", "
                + "\"namespace\": \"default\", \"uid\": \"pod-uid\"}, \"spec\": " + spec + "}");
        if (!pod.path("spec").has("containers")) {
            pod.withObject("spec").putArray("containers").addObject().put("name", "app").put("image", "nginx");
        }
        return new Unstructured(pod);
    }

    private static Unstructured owned(Unstructured pod, String ownerUid) {
        pod.metadata().putArray("ownerReferences").addObject().put("apiVersion", "apps/v1").put("kind", "StatefulSet")
                .put("name", "web").put("uid", ownerUid).put("controller", true);
        return pod;
    }
}
