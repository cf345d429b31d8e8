package dev.ordinal.it;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.ordinal.OrdinalApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /ordinal/v1/reset} puts a server that has been used back into the state a fresh
 * start leaves it in, without a restart: open watches end with 410 Expired, a client's informer
 * lists again and holds the boot objects only, the controllers go on working on what is created
 * next, resourceVersions go on increasing, and a restart after the reset starts from the boot
 * state. Each test runs its own server on an H2 file database, as a reset concerns every object.
 */
@Timeout(180)
class ResetIT {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private ConfigurableApplicationContext server;
    private KubernetesClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void watchesEndWithExpiredAndInformersListTheBootStateAgain() throws InterruptedException {
        Http http = start();
        BootState boot = BootState.of(client);
        assertThat(boot.namespaces()).contains("default", "kube-system", "kube-node-lease", "kube-public");
        assertThat(boot.nodes()).hasSize(3);

        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("fixture").endMetadata()
                .build()).create();
        for (int i = 0; i < 3; i++) {
            client.configMaps().inNamespace("fixture").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("settings-" + i).endMetadata().addToData("mode", "fast").build()).create();
        }
        client.apps().statefulSets().inNamespace("fixture").resource(statefulSet("web", 2)).create();
        client.pods().inNamespace("fixture").withName("web-1")
                .waitUntilCondition(ResetIT::ready, PATIENCE.toSeconds(), TimeUnit.SECONDS);
        String beforeReset = list(http, "/api/v1/configmaps").path("metadata").path("resourceVersion").asString();

        SharedIndexInformer<Namespace> namespaces = client.namespaces().inform();
        awaitNames(namespaces, held -> held.contains("fixture"));
        try (Http.WatchLines watch = http.watch("/api/v1/configmaps?watch=true&resourceVersion=" + beforeReset)) {
            HttpResponse<String> reset = http.post("/ordinal/v1/reset", "application/json", "");
            assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
            JsonNode answer = Http.json(reset);
            assertThat(Long.parseLong(answer.path("resourceVersion").asString()))
                    .isGreaterThan(Long.parseLong(beforeReset));
            assertThat(answer.path("removed").asLong()).isGreaterThan(10);

            JsonNode event = watch.next(PATIENCE);
            assertThat(event.path("type").asString()).isEqualTo("ERROR");
            assertThat(event.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(event.path("object").path("reason").asString()).isEqualTo("Expired");
            assertThat(watch.ends(PATIENCE)).isTrue();
        }

        awaitNames(namespaces, held -> held.equals(boot.namespaces()));
        assertThat(names(namespaces.getStore().list())).containsExactlyElementsOf(boot.namespaces());
        namespaces.close();
        assertThat(BootState.of(client)).isEqualTo(boot);
        assertOnlyBootConfigMaps(client);
        assertThat(client.pods().inAnyNamespace().list().getItems()).allSatisfy(pod ->
                assertThat(pod.getMetadata().getLabels()).containsEntry("k8s-app", "kube-dns"));
        assertThat(client.apps().statefulSets().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(client.persistentVolumes().list().getItems()).isEmpty();

        // What the client held is history: a watch from before the reset is expired.
        try (Http.WatchLines stale = http.watch("/api/v1/configmaps?watch=true&resourceVersion=" + beforeReset)) {
            assertThat(stale.next(PATIENCE).path("object").path("code").asInt()).isEqualTo(410);
        }

        // The controllers listed again too: a new StatefulSet in a new namespace is served as before,
        // under higher resourceVersions than any before the reset.
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("fixture").endMetadata()
                .build()).create();
        StatefulSet web = client.apps().statefulSets().inNamespace("fixture").resource(statefulSet("web", 1))
                .create();
        assertThat(Long.parseLong(web.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(beforeReset));
        Pod ready = client.pods().inNamespace("fixture").withName("web-0")
                .waitUntilCondition(ResetIT::ready, PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(ready.getSpec().getNodeName()).isIn(boot.nodes());
        assertThat(client.persistentVolumeClaims().inNamespace("fixture").withName("data-web-0").get()
                .getStatus().getPhase()).isEqualTo("Bound");
    }

    @Test
    void aRestartAfterAResetStartsFromTheBootState() {
        Http http = start();
        BootState boot = BootState.of(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("fixture").endMetadata()
                .build()).create();
        client.configMaps().inNamespace("fixture").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().build()).create();
        long reset = Long.parseLong(Http.json(http.post("/ordinal/v1/reset", "application/json", ""))
                .path("resourceVersion").asString());

        http = restart();

        assertThat(BootState.of(client)).isEqualTo(boot);
        assertOnlyBootConfigMaps(client);
        String listed = list(http, "/api/v1/namespaces").path("metadata").path("resourceVersion").asString();
        assertThat(Long.parseLong(listed)).isGreaterThan(reset);
        try (Http.WatchLines stale = http.watch("/api/v1/configmaps?watch=true&resourceVersion=" + (reset - 1))) {
            assertThat(stale.next(PATIENCE).path("object").path("code").asInt()).isEqualTo(410);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints how long a reset of a thousand objects takes; a figure to read, not a timed assertion. */
    @Test
    void aResetOfAThousandObjects() {
        Http http = start();
        String namespace = http.namespace("many");
        IntStream.range(0, 1000).parallel().forEach(i -> {
            HttpResponse<String> created = http.post("/api/v1/namespaces/" + namespace + "/configmaps",
                    "application/json", "{\"metadata\":{\"name\":\"cm-" + i + "\"},\"data\":{\"i\":\"" + i + "\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        });
        // Warm the path once, so the figure is the reset's rather than the first request's.
        Http.json(http.post("/ordinal/v1/reset", "application/json", ""));
        IntStream.range(0, 1000).parallel().forEach(i -> http.post("/api/v1/namespaces/default/configmaps",
                "application/json", "{\"metadata\":{\"name\":\"cm-" + i + "\"}}"));

        long before = System.nanoTime();
        JsonNode answer = Http.json(http.post("/ordinal/v1/reset", "application/json", ""));
        long roundTrip = System.nanoTime() - before;

        assertThat(answer.path("removed").asLong()).isGreaterThanOrEqualTo(1000);
        assertOnlyBootConfigMaps(client);
        System.out.printf("Reset of %d objects: %.1f ms in the server, %.1f ms round trip%n",
                answer.path("removed").asLong(), answer.path("milliseconds").asDouble(), roundTrip / 1e6);
    }

    /** The ConfigMaps a fresh server has: the root CA's in each namespace, CoreDNS's Corefile. */
    private static void assertOnlyBootConfigMaps(KubernetesClient client) {
        assertThat(client.configMaps().inAnyNamespace().list().getItems())
                .allSatisfy(map -> assertThat(map.getMetadata().getName()).isIn("kube-root-ca.crt", "coredns"));
    }

    /** The objects a fresh server has, by name. */
    private record BootState(List<String> namespaces, List<String> nodes, List<String> storageClasses,
                             List<String> leases) {

        static BootState of(KubernetesClient client) {
            return new BootState(names(client.namespaces().list().getItems()),
                    names(client.nodes().list().getItems()),
                    names(client.storage().v1().storageClasses().list().getItems()),
                    names(client.leases().inNamespace("kube-node-lease").list().getItems()));
        }
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(object -> object.getMetadata().getName()).sorted().toList();
    }

    /** Waits until the names the informer holds satisfy {@code condition}, or the patience ran out. */
    private static void awaitNames(SharedIndexInformer<Namespace> informer, Predicate<List<String>> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.test(names(informer.getStore().list())) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static JsonNode list(Http http, String path) {
        return Http.json(http.get(path));
    }

    private static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }

    private static StatefulSet statefulSet(String name, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources()
                .endSpec().endVolumeClaimTemplate()
                .endSpec().build();
    }

    private Http start() {
        String[] arguments = {
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("db") + ";WRITE_DELAY=0",
                "--ordinal.kubeconfig=" + data.resolve("kubeconfig"),
                "--ordinal.dns.port=0",
                "--ordinal.kubelet.start-delay=100ms",
                "--ordinal.kubelet.ready-delay=100ms",
                "--ordinal.kubelet.stop-delay=100ms"
        };
        server = SpringApplication.run(OrdinalApplication.class, Stream.of(arguments).toArray(String[]::new));
        int port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
        client = Clients.fabric8(port);
        return new Http(port);
    }

    private Http restart() {
        client.close();
        server.close();
        return start();
    }
}
