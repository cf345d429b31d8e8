package dev.ordinal.it.statefulset;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import dev.ordinal.testing.Kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A namespace of one test on a running server, with a fabric8 client and, when the binary is
 * installed, kubectl pointed at it. Waits poll the API until a deadline; none is a fixed sleep.
 */
final class TestNamespace implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    final KubernetesClient client;
    final String name;
    private final int port;
    private Kubectl kubectl;

    private TestNamespace(int port, String name) {
        this.port = port;
        this.name = name;
        this.client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build())
                .build();
    }

    /** A new namespace named {@code <prefix>-<random>}. */
    static TestNamespace create(int port, String prefix) {
        TestNamespace namespace = new TestNamespace(port, prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        namespace.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace.name)
                .endMetadata().build()).create();
        return namespace;
    }

    /** This namespace on a server that came back on another port; closes this one's client. */
    TestNamespace reconnect(int port) {
        close();
        return new TestNamespace(port, name);
    }

    /** kubectl in this namespace; skips the rest of the test when kubectl is not installed. */
    Kubectl kubectl() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        if (kubectl == null) {
            kubectl = new Kubectl(port, name);
        }
        return kubectl;
    }

    /** Runs kubectl, fails unless it exits 0, and answers what it printed on stdout. */
    String kubectl(String... args) {
        Kubectl.Result result = kubectl().run(args);
        assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isZero();
        return result.out();
    }

    /** Starts recording what happens to this namespace's pods; call before creating the set. */
    PodTimeline timeline() {
        return new PodTimeline(client, name);
    }

    StatefulSet create(StatefulSet set) {
        return client.apps().statefulSets().inNamespace(name).resource(set).create();
    }

    void createNginxService() {
        client.services().inNamespace(name).resource(Manifests.nginx()).create();
    }

    RollableScalableResource<StatefulSet> set(String set) {
        return client.apps().statefulSets().inNamespace(name).withName(set);
    }

    Pod pod(String pod) {
        return client.pods().inNamespace(name).withName(pod).get();
    }

    List<Pod> pods() {
        return client.pods().inNamespace(name).list().getItems();
    }

    List<String> podNames() {
        return pods().stream().map(pod -> pod.getMetadata().getName()).sorted().toList();
    }

    List<PersistentVolumeClaim> claims() {
        return client.persistentVolumeClaims().inNamespace(name).list().getItems();
    }

    List<String> claimNames() {
        return claims().stream().map(claim -> claim.getMetadata().getName()).sorted().toList();
    }

    /** The set once {@code condition} holds for it. */
    StatefulSet awaitSet(String set, String description, Predicate<StatefulSet> condition) {
        return awaitValue(description, () -> set(set).get(), value -> value != null && condition.test(value));
    }

    /**
     * The set once it has {@code replicas} pods, all Ready and at the update revision, and its
     * status says so for its current generation.
     */
    StatefulSet awaitRolledOut(String set, int replicas) {
        return awaitSet(set, set + " has " + replicas + " ready pods at its update revision", sts -> {
            var status = sts.getStatus();
            if (status == null || status.getObservedGeneration() == null
                    || !status.getObservedGeneration().equals(sts.getMetadata().getGeneration())) {
                return false;
            }
            List<Pod> pods = pods();
            return count(status.getReplicas()) == replicas && count(status.getReadyReplicas()) == replicas
                    && count(status.getUpdatedReplicas()) == replicas && status.getUpdateRevision() != null
                    && status.getUpdateRevision().equals(status.getCurrentRevision())
                    && pods.size() == replicas && pods.stream().allMatch(Pods::ready)
                    && pods.stream().allMatch(pod -> status.getUpdateRevision().equals(Pods.revision(pod)));
        });
    }

    Pod awaitPod(String pod, String description, Predicate<Pod> condition) {
        return awaitValue(description, () -> pod(pod), value -> value != null && condition.test(value));
    }

    void until(String description, Callable<Boolean> condition) {
        poll(description).until(condition);
    }

    <T> T awaitValue(String description, Callable<T> value, Predicate<T> condition) {
        return poll(description).until(value, condition::test);
    }

    private static ConditionFactory poll(String description) {
        return Awaitility.await(description).atMost(PATIENCE).pollInterval(Duration.ofMillis(50));
    }

    /** A replica count of a status, which leaves zero out (upstream's omitempty). */
    static int count(Integer value) {
        return value == null ? 0 : value;
    }

    @Override
    public void close() {
        client.close();
    }
}
