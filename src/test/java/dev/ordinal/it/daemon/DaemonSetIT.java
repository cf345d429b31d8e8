package dev.ordinal.it.daemon;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DaemonSets following the nodes, driven with the fabric8 client on a server of its own (its
 * tests add, taint and delete nodes, which other tests must not see): a new node gets a pod and a
 * deleted one loses it, a nodeSelector limits the nodes, a tainted node gets a pod only with a
 * toleration and loses it to a NoExecute taint, and a rolling update with surge keeps every node
 * served.
 */
@ServerTest
@TestPropertySource(properties = {"ordinal.nodes.count=2",
        "ordinal.kubelet.start-delay=100ms", "ordinal.kubelet.ready-delay=100ms", "ordinal.kubelet.stop-delay=100ms"})
@Timeout(120)
class DaemonSetIT {

    @LocalServerPort
    int port;

    @Autowired
    SimulatedClock clock;

    private KubernetesClient client;
    private String ns;
    private String suffix;

    @BeforeEach
    void namespace() {
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build())
                .build();
        suffix = UUID.randomUUID().toString().substring(0, 8);
        ns = "ds-" + suffix;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
    }

    @AfterEach
    void close() {
        client.nodes().withLabel("test", suffix).delete();
        client.close();
    }

    private static ConditionFactory await(String description) {
        return Awaitility.await(description).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50));
    }

    /** A node of this test, with the capacity the scheduler needs and the address a kubelet needs to run its pods. */
    private Node node(String name, Map<String, String> labels) {
        return client.nodes().resource(new NodeBuilder()
                .withNewMetadata().withName(name + "-" + suffix).addToLabels(labels).addToLabels("test", suffix)
                .endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.250.0.1").endAddress()
                .addToCapacity(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
                        "pods", new Quantity("110")))
                .endStatus().build()).create();
    }

    private DaemonSet daemonSet(Map<String, String> nodeSelector, List<Toleration> tolerations) {
        return client.apps().daemonSets().inNamespace(ns).resource(new DaemonSetBuilder()
                .withNewMetadata().withName("agent").endMetadata()
                .withNewSpec()
                .withNewSelector().addToMatchLabels("app", "agent").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "agent").endMetadata()
                .withNewSpec().addToNodeSelector(nodeSelector).withTolerations(tolerations)
                .addNewContainer().withName("agent").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    private List<String> podNodes() {
        return client.pods().inNamespace(ns).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .map(pod -> Objects.requireNonNullElse(pod.getSpec().getNodeName(), ""))
                .sorted().toList();
    }

    private void awaitPodNodes(String description, String... nodes) {
        List<String> expected = List.of(nodes).stream().sorted().toList();
        await(description).until(this::podNodes, expected::equals);
    }

    private DaemonSet awaitStatus(int desired, int available) {
        return await("desired " + desired + ", available " + available).until(
                () -> client.apps().daemonSets().inNamespace(ns).withName("agent").get(),
                ds -> ds.getStatus() != null && ds.getStatus().getDesiredNumberScheduled() == desired
                        && Objects.requireNonNullElse(ds.getStatus().getNumberAvailable(), 0) == available
                        && Objects.equals(ds.getStatus().getObservedGeneration(), ds.getMetadata().getGeneration()));
    }

    @Test
    void aNewNodeGetsAPodAndADeletedNodeLosesIt() {
        daemonSet(Map.of(), List.of());
        awaitPodNodes("a pod on each simulated node", "ordinal-worker", "ordinal-worker2");

        String extra = node("extra", Map.of()).getMetadata().getName();
        awaitPodNodes("a pod on the new node", "ordinal-worker", "ordinal-worker2", extra);
        DaemonSet ds = awaitStatus(3, 3);
        assertThat(ds.getStatus().getCurrentNumberScheduled()).isEqualTo(3);

        Pod onExtra = client.pods().inNamespace(ns).list().getItems().stream()
                .filter(pod -> extra.equals(pod.getSpec().getNodeName())).findFirst().orElseThrow();
        assertThat(onExtra.getSpec().getTolerations()).extracting(Toleration::getKey).contains(
                "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "node.kubernetes.io/unschedulable");
        assertThat(onExtra.getMetadata().getLabels()).containsKeys("controller-revision-hash", "pod-template-generation");

        client.nodes().withName(extra).delete();
        awaitStatus(2, 2);
        // The pod garbage collector waits out a quarantine of 40 seconds on the simulated clock.
        clock.step(Duration.ofSeconds(41));
        awaitPodNodes("no pod on the deleted node", "ordinal-worker", "ordinal-worker2");
    }

    @Test
    void aNodeSelectorLimitsTheNodes() {
        String agentNode = node("labelled", Map.of("role", "agent")).getMetadata().getName();
        node("plain", Map.of());
        daemonSet(Map.of("role", "agent"), List.of());
        awaitPodNodes("a pod only on the labelled node", agentNode);
        awaitStatus(1, 1);

        String second = node("labelled-too", Map.of("role", "agent")).getMetadata().getName();
        awaitPodNodes("a pod on the second labelled node", agentNode, second);

        client.nodes().withName(agentNode).edit(n -> new NodeBuilder(n).editMetadata().removeFromLabels("role")
                .endMetadata().build());
        awaitPodNodes("the pod leaves the node that lost its label", second);
        awaitStatus(1, 1);
    }

    @Test
    void aTaintedNodeGetsAPodOnlyWithAToleration() {
        String tainted = client.nodes().resource(new NodeBuilder(node("tainted", Map.of("role", "agent")))
                .editOrNewSpec().addNewTaint().withKey("dedicated").withValue("agents").withEffect("NoSchedule")
                .endTaint().endSpec().build()).update().getMetadata().getName();
        String plain = node("untainted", Map.of("role", "agent")).getMetadata().getName();
        daemonSet(Map.of("role", "agent"), List.of());
        awaitPodNodes("a pod on the untainted node only", plain);
        awaitStatus(1, 1);

        client.apps().daemonSets().inNamespace(ns).withName("agent").delete();
        await("the pods gone").until(() -> client.pods().inNamespace(ns).list().getItems().isEmpty());
        await("the DaemonSet gone").until(() -> client.apps().daemonSets().inNamespace(ns).withName("agent").get() == null);
        daemonSet(Map.of("role", "agent"), List.of(new TolerationBuilder().withKey("dedicated")
                .withOperator("Equal").withValue("agents").withEffect("NoSchedule").build()));
        awaitPodNodes("a pod on both nodes", plain, tainted);
        awaitStatus(2, 2);

        client.nodes().withName(plain).edit(n -> new NodeBuilder(n).editOrNewSpec().addNewTaint().withKey("evict")
                .withEffect("NoExecute").endTaint().endSpec().build());
        awaitPodNodes("the NoExecute taint evicts the pod", tainted);
        DaemonSet ds = awaitStatus(1, 1);
        assertThat(ds.getStatus().getNumberMisscheduled()).isZero();
    }

    @Test
    void aRollingUpdateWithSurgeKeepsEveryNodeServed() {
        daemonSet(Map.of(), List.of());
        awaitStatus(2, 2);
        client.apps().daemonSets().inNamespace(ns).withName("agent").edit(ds -> new DaemonSetBuilder(ds).editSpec()
                .editUpdateStrategy().editRollingUpdate().withNewMaxSurge(1).withNewMaxUnavailable(0)
                .endRollingUpdate().endUpdateStrategy()
                .editTemplate().editSpec().editFirstContainer().withImage("busybox:2").endContainer().endSpec()
                .endTemplate().endSpec().build());
        await("every node runs the new image").until(() -> client.pods().inNamespace(ns).list().getItems(), pods ->
                pods.size() == 2 && pods.stream().allMatch(pod -> pod.getMetadata().getDeletionTimestamp() == null
                        && "busybox:2".equals(pod.getSpec().getContainers().get(0).getImage())));
        DaemonSet ds = awaitStatus(2, 2);
        assertThat(ds.getStatus().getUpdatedNumberScheduled()).isEqualTo(2);
        assertThat(client.apps().controllerRevisions().inNamespace(ns).list().getItems()).hasSize(2);
    }
}
