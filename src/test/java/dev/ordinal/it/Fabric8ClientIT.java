package dev.ordinal.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fabric8 kubernetes-client against the server: what its users write, and what they see. */
@ServerTest
@Timeout(60)
class Fabric8ClientIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private KubernetesClient client;
    private String namespace;

    /**
     * The cluster's root CA ConfigMap, which every namespace holds as on a real cluster: lists and
     * watches of a test's own objects leave it out.
     */
    private static final String ROOT_CA = "kube-root-ca.crt";

    @BeforeEach
    void connect() {
        client = Clients.fabric8(port);
        namespace = Clients.uniqueName("fabric8");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void configMapsGoThroughTheWholeLifecycle() {
        assertLifecycle(client.configMaps(), new ConfigMapBuilder()
                .withNewMetadata().withName("settings").endMetadata()
                .addToData("mode", "fast")
                .build());
    }

    @Test
    void podsGoThroughTheWholeLifecycle() {
        assertLifecycle(client.pods(), new PodBuilder()
                .withNewMetadata().withName("web-0").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer().endSpec()
                .build());
    }

    @Test
    void servicesGoThroughTheWholeLifecycle() {
        assertLifecycle(client.services(), new ServiceBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withClusterIP("None").addToSelector("app", "web")
                .addNewPort().withName("http").withPort(80).endPort().endSpec()
                .build());
    }

    @Test
    void persistentVolumeClaimsGoThroughTheWholeLifecycle() {
        assertLifecycle(client.persistentVolumeClaims(), new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data-web-0").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .build());
    }

    @Test
    void statefulSetsGoThroughTheWholeLifecycle() {
        assertLifecycle(client.apps().statefulSets(), statefulSet("web", 0));
    }

    /**
     * Create, get, list, update with the current resourceVersion, JSON merge patch, JSON patch
     * (written by hand and computed by {@code edit}), delete: each answered as a cluster would.
     */
    private <T extends HasMetadata, L extends KubernetesResourceList<T>> void assertLifecycle(
            MixedOperation<T, L, ? extends Resource<T>> kind, T object) {
        String name = object.getMetadata().getName();
        Resource<T> resource = kind.inNamespace(namespace).withName(name);

        T created = kind.inNamespace(namespace).resource(object).create();
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
        assertThat(created.getMetadata().getCreationTimestamp()).isNotEmpty();
        assertThat(created.getMetadata().getNamespace()).isEqualTo(namespace);

        T fetched = resource.get();
        assertThat(fetched.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        L list = kind.inNamespace(namespace).withoutField("metadata.name", ROOT_CA).list();
        assertThat(list.getItems()).extracting(item -> item.getMetadata().getName()).containsExactly(name);
        assertThat(list.getMetadata().getResourceVersion()).isNotEmpty();

        T updated = retryOnConflict(() -> {
            T current = resource.get();
            current.getMetadata().setLabels(Map.of("stage", "updated"));
            return kind.inNamespace(namespace).resource(current).update();
        });
        assertThat(updated.getMetadata().getLabels()).containsEntry("stage", "updated");
        assertThat(updated.getMetadata().getResourceVersion()).isNotEqualTo(created.getMetadata().getResourceVersion());
        assertThat(resource.get().getMetadata().getLabels()).containsEntry("stage", "updated");

        T merged = resource.patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"patched-by\":\"merge\"}}}");
        assertThat(merged.getMetadata().getAnnotations()).containsEntry("patched-by", "merge");
        assertThat(merged.getMetadata().getLabels()).containsEntry("stage", "updated");

        T jsonPatched = resource.patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/metadata/labels/stage\",\"value\":\"json-patched\"}]");
        assertThat(jsonPatched.getMetadata().getLabels()).containsEntry("stage", "json-patched");
        assertThat(jsonPatched.getMetadata().getAnnotations()).containsEntry("patched-by", "merge");

        T edited = retryOnConflict(() -> resource.edit(item -> {
            item.getMetadata().getLabels().put("edited", "true");
            return item;
        }));
        assertThat(edited.getMetadata().getLabels())
                .containsEntry("edited", "true")
                .containsEntry("stage", "json-patched");
        assertThat(resource.get().getMetadata().getLabels()).containsEntry("edited", "true");

        List<StatusDetails> deleted = resource.withGracePeriod(0).delete();
        assertThat(deleted).extracting(StatusDetails::getName).containsExactly(name);
        // A finalizer may hold the object a moment (a claim's pvc-protection, until its controller
        // sees no pod using it), as on a cluster.
        resource.waitUntilCondition(Objects::isNull, PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(kind.inNamespace(namespace).withoutField("metadata.name", ROOT_CA).list().getItems()).isEmpty();
    }

    /**
     * Runs a write that carries the resourceVersion it read (an update, or {@code edit}, whose
     * JSON patch sets it), again when a controller (scheduler, kubelet, volume binder, statefulset
     * controller) wrote in between and the server answered 409, as client-go's RetryOnConflict does.
     */
    private static <T> T retryOnConflict(Supplier<T> write) {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @Test
    void updateWithAStaleResourceVersionIsAConflict() {
        ConfigMap original = client.configMaps().inNamespace(namespace).resource(configMap("settings", Map.of()))
                .create();
        ConfigMap first = new ConfigMapBuilder(original).addToData("writer", "first").build();
        client.configMaps().inNamespace(namespace).resource(first).update();

        ConfigMap stale = new ConfigMapBuilder(original).addToData("writer", "second").build();
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace).resource(stale).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
                    assertThat(e.getStatus().getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps "
                            + "\"settings\": the object has been modified; please apply your changes to the latest "
                            + "version and try again");
                });
        assertThat(client.configMaps().inNamespace(namespace).withName("settings").get().getData())
                .containsEntry("writer", "first");
    }

    @Test
    void watchSeesAddedModifiedAndDeletedInOrder() throws InterruptedException {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch watch = client.configMaps().inNamespace(namespace).withoutField("metadata.name", ROOT_CA)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap configMap) {
                        events.add(action + " " + configMap.getMetadata().getName() + " "
                                + configMap.getData().getOrDefault("step", ""));
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            var configMaps = client.configMaps().inNamespace(namespace);
            configMaps.resource(configMap("watched", Map.of("step", "1"))).create();
            configMaps.withName("watched").edit(cm -> new ConfigMapBuilder(cm).addToData("step", "2").build());
            configMaps.withName("watched").delete();

            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seen.add(events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            assertThat(seen).containsExactly("ADDED watched 1", "MODIFIED watched 2", "DELETED watched 2");
        }
    }

    @Test
    void informerSyncsAndFollowsLaterChangesIntoItsIndexer() throws Exception {
        var configMaps = client.configMaps().inNamespace(namespace);
        configMaps.resource(configMap("before", Map.of("v", "1"))).create();

        try (SharedIndexInformer<ConfigMap> informer = configMaps.withoutField("metadata.name", ROOT_CA).inform()) {
            informer.start().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(informer.hasSynced()).isTrue();
            assertThat(informer.getIndexer().list()).extracting(cm -> cm.getMetadata().getName())
                    .containsExactly("before");

            configMaps.resource(configMap("after", Map.of("v", "1"))).create();
            String edited = configMaps.withName("before")
                    .edit(cm -> new ConfigMapBuilder(cm).addToData("v", "2").build()).getMetadata().getResourceVersion();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(informer.getIndexer().list()).extracting(cm -> cm.getMetadata().getName())
                        .containsExactlyInAnyOrder("before", "after");
                assertThat(informer.getIndexer().getByKey(namespace + "/before").getData()).containsEntry("v", "2");
            });

            configMaps.withName("after").delete();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(informer.getIndexer().list())
                    .extracting(cm -> cm.getMetadata().getName()).containsExactly("before"));
            // Other controllers keep writing other objects, so the global resourceVersion moves on;
            // the informer has at least seen everything up to its own namespace's last change.
            assertThat(Long.parseLong(informer.lastSyncResourceVersion())).isGreaterThan(Long.parseLong(edited));
        }
    }

    @Test
    void setBasedSelectorsFilterOnTheServer() {
        var configMaps = client.configMaps().inNamespace(namespace);
        configMaps.resource(configMap("prod-web", Map.of(), Map.of("env", "prod", "tier", "web"))).create();
        configMaps.resource(configMap("prod-db", Map.of(), Map.of("env", "prod"))).create();
        configMaps.resource(configMap("staging-web", Map.of(), Map.of("env", "staging", "tier", "web"))).create();
        configMaps.resource(configMap("unlabelled", Map.of(), Map.of())).create();
        var own = configMaps.withoutField("metadata.name", ROOT_CA);

        assertThat(names(own.withLabelIn("env", "prod", "dev").list()))
                .containsExactly("prod-db", "prod-web");
        assertThat(names(own.withLabelNotIn("env", "prod").list()))
                .containsExactly("staging-web", "unlabelled");
        assertThat(names(own.withLabel("tier").list()))
                .containsExactly("prod-web", "staging-web");
        assertThat(names(own.withoutLabel("tier").list()))
                .containsExactly("prod-db", "unlabelled");
        assertThat(names(own.withLabel("env", "prod").withoutLabel("tier").list()))
                .containsExactly("prod-db");
    }

    @Test
    void pagingWithLimitAndContinueReturnsEveryObjectOnce() {
        var configMaps = client.configMaps().inNamespace(namespace);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            configMaps.resource(configMap("page-" + i, Map.of())).create();
            expected.add("page-" + i);
        }

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            ConfigMapList page = configMaps.withoutField("metadata.name", ROOT_CA)
                    .list(new ListOptionsBuilder().withLimit(3L).withContinue(token).build());
            seen.addAll(names(page));
            pageSizes.add(page.getItems().size());
            token = page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void statefulSetScalesThroughTheScaleSubresource() {
        var statefulSets = client.apps().statefulSets().inNamespace(namespace);
        statefulSets.resource(statefulSet("db", 0)).create();
        // Scale carries the resourceVersion it read; let the controller's first status write land.
        statefulSets.withName("db").waitUntilCondition(sts -> sts.getStatus() != null
                && Long.valueOf(1).equals(sts.getStatus().getObservedGeneration()), 10, TimeUnit.SECONDS);

        statefulSets.withName("db").scale(3);

        Scale scale = statefulSets.withName("db").scale();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scale.getStatus().getSelector()).isEqualTo("app=db");
        assertThat(statefulSets.withName("db").get().getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void deletedNamespaceTerminatesThenGoesWithItsContents() throws InterruptedException {
        client.configMaps().inNamespace(namespace).resource(configMap("inside", Map.of())).create();
        client.apps().statefulSets().inNamespace(namespace).resource(statefulSet("inside", 0)).create();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        String current = client.namespaces().withName(namespace).get().getMetadata().getResourceVersion();

        try (Watch watch = client.namespaces().withName(namespace).watch(current, new Watcher<>() {
            @Override
            public void eventReceived(Action action, Namespace ns) {
                events.add(action + " " + ns.getStatus().getPhase()
                        + (ns.getMetadata().getDeletionTimestamp() == null ? "" : " deleting"));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.namespaces().withName(namespace).delete();

            assertThat(events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("MODIFIED Terminating deleting");
            String last;
            do {
                last = events.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            } while (last != null && last.startsWith("MODIFIED Terminating"));
            assertThat(last).isEqualTo("DELETED Terminating deleting");
        }
        assertThat(client.namespaces().withName(namespace).get()).isNull();
        assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
        assertThat(client.apps().statefulSets().inNamespace(namespace).list().getItems()).isEmpty();
    }

    private static List<String> names(KubernetesResourceList<? extends HasMetadata> list) {
        return list.getItems().stream().map(item -> item.getMetadata().getName()).toList();
    }

    private static ConfigMap configMap(String name, Map<String, String> data) {
        return configMap(name, data, Map.of());
    }

    private static ConfigMap configMap(String name, Map<String, String> data, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withData(data).build();
    }

    private static StatefulSet statefulSet(String name, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withServiceName(name)
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
