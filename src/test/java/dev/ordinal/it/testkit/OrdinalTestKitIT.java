package dev.ordinal.it.testkit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.ordinal.testkit.EnableOrdinal;
import dev.ordinal.testkit.Kubeconfig;
import dev.ordinal.testkit.OrdinalServer;
import dev.ordinal.testkit.TestNamespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test kit as a user's suite uses it, and nothing of the server's code: the packaged server
 * started with three nodes, a StatefulSet followed step by step on the paused clock, a named
 * snapshot taken, an outage of a node that strands a StatefulSet's pod until it is force-deleted,
 * the snapshot restored, a reset, and the clients and namespace the kit injects.
 */
@EnableOrdinal(nodes = 3)
@Timeout(300)
class OrdinalTestKitIT {

    /** How long to wait for what the server does by itself; the clock decides what may happen. */
    private static final long PATIENCE_SECONDS = 60;
    /** After which the node lifecycle controller finds a silent node's kubelet gone. */
    private static final Duration NODE_MONITOR_GRACE_PERIOD = Duration.ofSeconds(50);
    /** How long pods tolerate an unreachable node unless they say otherwise. */
    private static final Duration DEFAULT_TOLERATION = Duration.ofSeconds(300);

    /** Scoped to the test's namespace. */
    KubernetesClient client;

    @TestNamespace
    String namespace;

    @Test
    void aStatefulSetOnThePausedClockThenASnapshotRestoredAndAReset(OrdinalServer ordinal) {
        assertThat(client.nodes().list().getItems()).hasSize(3);
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withClusterIP("None").addToSelector("app", "web").endSpec().build()).create();

        ordinal.clock().pause();
        client.apps().statefulSets().resource(statefulSet("web", 2)).create();
        // Pending, and seen by its kubelet: the start delay counts from its startTime.
        Pod pending = await("web-0", pod -> pod.getStatus().getStartTime() != null);
        assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");

        ordinal.clock().step(Duration.ofSeconds(1));
        Pod running = await("web-0", pod -> "Running".equals(pod.getStatus().getPhase()));
        assertThat(ready(running)).isFalse();
        ordinal.clock().step(Duration.ofSeconds(1));
        await("web-0", OrdinalTestKitIT::ready);
        // OrderedReady: web-1 is made once web-0 is Ready, and goes the same way.
        await("web-1", pod -> pod.getStatus().getStartTime() != null);
        ordinal.clock().step(Duration.ofSeconds(1));
        await("web-1", pod -> "Running".equals(pod.getStatus().getPhase()));
        ordinal.clock().step(Duration.ofSeconds(1));
        Pod web1 = await("web-1", OrdinalTestKitIT::ready);
        ordinal.clock().resume();

        ordinal.snapshots().take("two-ready");
        assertThat(ordinal.snapshots().names()).contains("two-ready");
        SharedIndexInformer<Pod> pods = client.pods().inform();
        try {
            replacedOnAnotherNodeAfterAnOutage(web1, ordinal);
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("after-the-snapshot")
                    .endMetadata().build()).create();
            client.apps().statefulSets().withName("web").scale(1);
            client.pods().withName("web-1").waitUntilCondition(pod -> pod == null, PATIENCE_SECONDS, TimeUnit.SECONDS);
            long beforeRestore = Long.parseLong(client.configMaps().withName("after-the-snapshot").get()
                    .getMetadata().getResourceVersion());

            ordinal.snapshots().restore("two-ready");

            StatefulSet web = client.apps().statefulSets().withName("web").get();
            assertThat(web.getSpec().getReplicas()).isEqualTo(2);
            assertThat(Long.parseLong(web.getMetadata().getResourceVersion())).isGreaterThan(beforeRestore);
            // The restored heartbeats of web-1's node are as old as the snapshot, minutes behind the
            // clock the outage stepped, so its pod may go unready until its kubelet reports again.
            Pod restored = await("web-1", OrdinalTestKitIT::ready);
            assertThat(restored.getMetadata().getUid()).isEqualTo(web1.getMetadata().getUid());
            assertThat(client.configMaps().withName("after-the-snapshot").get()).isNull();
            // The informer's watch ended with 410 Gone, and it listed again.
            awaitTrue(() -> pods.getStore().getByKey(namespace + "/web-1") != null);
        } finally {
            pods.close();
        }

        ordinal.reset();
        assertThat(client.namespaces().withName(namespace).get()).isNull();
        assertThat(client.nodes().list().getItems()).hasSize(3);
        assertThat(ordinal.snapshots().names()).contains("two-ready");
        assertThat(ordinal.snapshots().delete("two-ready")).isTrue();
        assertThatThrownBy(() -> ordinal.snapshots().restore("two-ready"))
                .hasMessageContaining("404").hasMessageContaining("snapshots.ordinal.dev \\\"two-ready\\\" not found");
    }

    @Test
    void theOfficialClientTheKubeconfigAndANamespaceOfItsOwn(ApiClient official, @Kubeconfig Path kubeconfig,
                                                             URI server) throws Exception {
        assertThat(client.getNamespace()).isEqualTo(namespace);
        assertThat(namespace).startsWith("the-official-client-the-kubeconfig-and-a-namespace");
        CoreV1Api core = new CoreV1Api(official);
        assertThat(core.readNamespace(namespace).execute().getStatus().getPhase()).isEqualTo("Active");

        core.createNamespacedConfigMap(namespace, new V1ConfigMap().metadata(new V1ObjectMeta().name("settings"))
                .putDataItem("mode", "fast")).execute();

        assertThat(client.configMaps().withName("settings").get().getData()).containsEntry("mode", "fast");
        assertThat(Files.readString(kubeconfig)).contains("server: " + server);
    }

    /**
     * web-1's node falls silent: past the node-monitor grace period it is tainted unreachable, and
     * past the 300 s its pods tolerate web-1 is deleted, which its kubelet cannot confirm, so it
     * stays Terminating and the StatefulSet cannot make it again until it is force-deleted.
     */
    private void replacedOnAnotherNodeAfterAnOutage(Pod web1, OrdinalServer ordinal) {
        String silent = web1.getSpec().getNodeName();
        ordinal.clock().pause();
        ordinal.nodes().unreachable(silent);
        assertThat(ordinal.nodes().fault(silent)).isEqualTo("unreachable");

        ordinal.clock().step(NODE_MONITOR_GRACE_PERIOD.plusSeconds(1));
        awaitTrue(() -> taints(silent).contains("node.kubernetes.io/unreachable:NoExecute"));
        ordinal.clock().step(DEFAULT_TOLERATION);
        await("web-1", pod -> pod.getMetadata().getDeletionTimestamp() != null);
        // Past the pod's termination grace period too: only its kubelet could finish the deletion.
        ordinal.clock().step(Duration.ofSeconds(60));
        Pod stuck = client.pods().withName("web-1").get();
        assertThat(stuck.getMetadata().getUid()).isEqualTo(web1.getMetadata().getUid());
        assertThat(stuck.getMetadata().getDeletionTimestamp()).isNotNull();

        client.pods().withName("web-1").withGracePeriod(0).delete();
        ordinal.clock().resume();
        Pod replaced = await("web-1", pod -> !pod.getMetadata().getUid().equals(web1.getMetadata().getUid())
                && ready(pod));
        assertThat(replaced.getSpec().getNodeName()).isNotEqualTo(silent);
        assertThat(replaced.getSpec().getVolumes()).anyMatch(volume -> volume.getPersistentVolumeClaim() != null
                && volume.getPersistentVolumeClaim().getClaimName().equals("www-web-1"));

        ordinal.nodes().healthy(silent);
        assertThat(ordinal.nodes().fault(silent)).isEqualTo("healthy");
        awaitTrue(() -> taints(silent).isEmpty());
    }

    private Pod await(String name, Predicate<Pod> condition) {
        return client.pods().withName(name).waitUntilCondition(pod -> pod != null && pod.getStatus() != null
                && condition.test(pod), PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %d s", PATIENCE_SECONDS).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private List<String> taints(String node) {
        List<Taint> taints = client.nodes().withName(node).get().getSpec().getTaints();
        return taints == null ? List.of() : taints.stream().map(taint -> taint.getKey() + ":" + taint.getEffect()).toList();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }

    private static StatefulSet statefulSet(String name, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("www").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .endVolumeClaimTemplate().endSpec().build();
    }
}
