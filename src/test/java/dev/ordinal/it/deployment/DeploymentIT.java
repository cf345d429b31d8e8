package dev.ordinal.it.deployment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployments and ReplicaSets driven with the fabric8 client on the real server: a rolling update
 * watched pod by pod stays within maxSurge and maxUnavailable; a ReplicaSet adopts a matching
 * orphan pod and releases one that stops matching; orphan and foreground deletion of a Deployment.
 * The simulated kubelet has the same quick delays as the StatefulSet scenarios, so the server is
 * shared with them.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=100ms", "ordinal.kubelet.ready-delay=100ms", "ordinal.kubelet.stop-delay=100ms"})
@Timeout(90)
class DeploymentIT {

    @LocalServerPort
    int port;

    private KubernetesClient client;
    private String ns;

    @BeforeEach
    void namespace() {
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build())
                .build();
        ns = "deploy-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static ConditionFactory await(String description) {
        return Awaitility.await(description).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50));
    }

    private static Deployment web(int replicas, Object maxSurge, Object maxUnavailable, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withNewMaxSurge(maxSurge).withNewMaxUnavailable(maxUnavailable).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private Deployment awaitComplete(String name, String image) {
        return await(name + " rolled out to " + image).until(() -> client.apps().deployments().inNamespace(ns)
                .withName(name).get(), deployment -> {
                    var status = deployment.getStatus();
                    int replicas = deployment.getSpec().getReplicas();
                    return status != null && Objects.equals(status.getObservedGeneration(),
                            deployment.getMetadata().getGeneration())
                            && count(status.getUpdatedReplicas()) == replicas && count(status.getReplicas()) == replicas
                            && count(status.getAvailableReplicas()) == replicas
                            && image.equals(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
                });
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(ns).list().getItems();
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Test
    void aRollingUpdateWatchedPodByPodStaysWithinItsBounds() throws Exception {
        client.apps().deployments().inNamespace(ns).resource(web(4, 1, 1, "nginx:1.26")).create();
        awaitComplete("web", "nginx:1.26");

        Map<String, Pod> live = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        List<Integer> counted = new CopyOnWriteArrayList<>();
        pods().forEach(pod -> live.put(pod.getMetadata().getName(), pod));
        Watch watch = client.pods().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.DELETED) {
                    live.remove(pod.getMetadata().getName());
                } else {
                    live.put(pod.getMetadata().getName(), pod);
                }
                // Pods being deleted no longer count, as for the ReplicaSets themselves.
                List<Pod> active = live.values().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .toList();
                long readyPods = active.stream().filter(DeploymentIT::ready).count();
                counted.add(active.size());
                if (readyPods < 4 - 1) {
                    violations.add(readyPods + " ready pods, fewer than replicas - maxUnavailable: " + live.keySet());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        // maxSurge bounds what upstream bounds: the ReplicaSets' replicas together. A new set's pod
        // can be made before a set scaled down has marked its surplus pod deleted, on a real
        // cluster too, so the pods alone may briefly be one more.
        Map<String, Integer> desired = new ConcurrentHashMap<>();
        Watch setWatch = client.apps().replicaSets().inNamespace(ns).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ReplicaSet set) {
                if (action == Action.DELETED) {
                    desired.remove(set.getMetadata().getName());
                } else {
                    desired.put(set.getMetadata().getName(), count(set.getSpec().getReplicas()));
                }
                int total = desired.values().stream().mapToInt(Integer::intValue).sum();
                if (total > 4 + 1) {
                    violations.add(total + " replicas desired, more than replicas + maxSurge: " + desired);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            client.apps().deployments().inNamespace(ns).withName("web").edit(deployment -> {
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:1.27");
                return deployment;
            });
            awaitComplete("web", "nginx:1.27");
            await("the old pods are gone").until(() -> pods().size() == 4);
        } finally {
            watch.close();
            setWatch.close();
        }

        assertThat(violations).isEmpty();
        // The rollout did surge: at some moment there were five pods or more.
        assertThat(counted).anySatisfy(pods -> assertThat(pods).isGreaterThanOrEqualTo(5));
        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertThat(sets).hasSize(2);
        assertThat(sets).extracting(rs -> rs.getSpec().getReplicas()).containsExactlyInAnyOrder(0, 4);
        assertThat(pods()).allSatisfy(pod -> assertThat(pod.getSpec().getContainers().get(0).getImage())
                .isEqualTo("nginx:1.27"));
    }

    @Test
    void aReplicaSetAdoptsAMatchingOrphanAndReleasesAPodThatStopsMatching() {
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("orphan")
                .addToLabels("app", "cache").endMetadata().withNewSpec().addNewContainer().withName("redis")
                .withImage("redis:7").endContainer().endSpec().build()).create();

        ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("cache").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "cache").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "cache").endMetadata()
                .withNewSpec().addNewContainer().withName("redis").withImage("redis:7").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();

        await("the orphan is adopted and one pod made").until(() -> pods().size() == 2
                && pods().stream().allMatch(pod -> controllerUid(pod).equals(replicaSet.getMetadata().getUid())));
        assertThat(pods()).extracting(pod -> pod.getMetadata().getName()).contains("orphan")
                .anyMatch(name -> name.matches("cache-[bcdfghjklmnpqrstvwxz2456789]{5}"));
        ReplicaSet counted = await("the set counts both").until(() -> client.apps().replicaSets().inNamespace(ns)
                .withName("cache").get(), rs -> rs.getStatus() != null && count(rs.getStatus().getReadyReplicas()) == 2);
        assertThat(counted.getStatus().getFullyLabeledReplicas()).isEqualTo(2);

        client.pods().inNamespace(ns).withName("orphan").edit(pod -> {
            pod.getMetadata().getLabels().put("app", "elsewhere");
            return pod;
        });

        await("the relabelled pod is released and replaced").until(() -> pods().size() == 3
                && controllerUid(client.pods().inNamespace(ns).withName("orphan").get()).isEmpty());
        assertThat(client.pods().inNamespace(ns).withName("orphan").get().getMetadata().getDeletionTimestamp()).isNull();
    }

    private static String controllerUid(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        return refs == null ? "" : refs.stream().filter(ref -> Boolean.TRUE.equals(ref.getController()))
                .map(OwnerReference::getUid).findFirst().orElse("");
    }

    @Test
    void anOrphanDeleteLeavesTheReplicaSetAndItsPodsRunning() {
        client.apps().deployments().inNamespace(ns).resource(web(2, "25%", "25%", "nginx:1.27")).create();
        awaitComplete("web", "nginx:1.27");
        ReplicaSet before = client.apps().replicaSets().inNamespace(ns).list().getItems().get(0);

        client.apps().deployments().inNamespace(ns).withName("web")
                .withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

        await("the Deployment is gone and its ReplicaSet orphaned").until(() -> {
            ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(ns).withName(before.getMetadata().getName())
                    .get();
            return client.apps().deployments().inNamespace(ns).withName("web").get() == null && replicaSet != null
                    && (replicaSet.getMetadata().getOwnerReferences() == null
                    || replicaSet.getMetadata().getOwnerReferences().isEmpty());
        });
        assertThat(pods()).hasSize(2).allSatisfy(pod -> {
            assertThat(controllerUid(pod)).isEqualTo(before.getMetadata().getUid());
            assertThat(pod.getMetadata().getDeletionTimestamp()).isNull();
        });

        // A new Deployment of the same template adopts it again as its new ReplicaSet.
        client.apps().deployments().inNamespace(ns).resource(web(2, "25%", "25%", "nginx:1.27")).create();
        Deployment adopting = awaitComplete("web", "nginx:1.27");
        assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).singleElement()
                .satisfies(rs -> assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
                        .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(adopting.getMetadata().getUid())));
    }

    @Test
    void aForegroundDeleteRemovesPodsAndReplicaSetsBeforeTheDeployment() {
        client.apps().deployments().inNamespace(ns).resource(web(3, "25%", "25%", "nginx:1.27")).create();
        awaitComplete("web", "nginx:1.27");

        client.apps().deployments().inNamespace(ns).withName("web")
                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

        Deployment deleting = client.apps().deployments().inNamespace(ns).withName("web").get();
        if (deleting != null) {
            assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(deleting.getMetadata().getFinalizers()).contains("foregroundDeletion");
        }
        await("the Deployment, its ReplicaSet and pods are gone").until(() ->
                client.apps().deployments().inNamespace(ns).withName("web").get() == null
                        && client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty()
                        && pods().isEmpty());
    }
}
