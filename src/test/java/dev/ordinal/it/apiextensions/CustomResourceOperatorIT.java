package dev.ordinal.it.apiextensions;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.it.Clients;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Custom resources through the fabric8 client: a CRD created typed, its objects read, written,
 * watched and refused as generic resources, and an operator written with fabric8's informers
 * ({@link WebAppOperator}) that converges as on a cluster: its StatefulSet's pods come to life,
 * their readiness reaches the WebApp's status, and deleting the WebApp deletes what it owns.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomResourceOperatorIT {

    private static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: webapps.example.ordinal.dev
            spec:
              group: example.ordinal.dev
              scope: Namespaced
              names: {plural: webapps, singular: webapp, kind: WebApp, shortNames: [wa]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [image]
                        properties:
                          image: {type: string}
                          replicas: {type: integer, minimum: 0, default: 1}
                      status:
                        type: object
                        properties:
                          readyReplicas: {type: integer}
            """;

    @LocalServerPort
    int port;

    private KubernetesClient client;
    private String namespace;

    @BeforeAll
    void createDefinition() {
        client = Clients.fabric8(port);
        namespace = Clients.uniqueName("webapps");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .create();
        CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(CRD,
                CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.apiextensions().v1().customResourceDefinitions()
                .withName("webapps.example.ordinal.dev").get().getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True")));
    }

    @AfterAll
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    private static GenericKubernetesResource webApp(String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder().withApiVersion("example.ordinal.dev/v1").withKind("WebApp")
                .withNewMetadata().withName(name).endMetadata().addToAdditionalProperties("spec", spec).build();
    }

    @Test
    void genericResourcesAreDefaultedWatchedAndValidated() throws Exception {
        var webApps = client.genericKubernetesResources(WebAppOperator.WEBAPPS).inNamespace(namespace);
        CopyOnWriteArrayList<String> events = new CopyOnWriteArrayList<>();
        try (Watch watch = webApps.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            GenericKubernetesResource created = webApps.resource(webApp("plain", Map.of("image", "nginx:1.27",
                    "unknown", true))).create();
            Map<String, Object> spec = created.get("spec");
            assertThat(spec).containsEntry("replicas", 1).doesNotContainKey("unknown");
            assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ADDED plain"));

            assertThatThrownBy(() -> webApps.resource(webApp("negative", Map.of("image", "nginx:1.27",
                    "replicas", -1))).create())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getStatus().getMessage()).isEqualTo("WebApp.example.ordinal.dev \"negative\" "
                                + "is invalid: spec.replicas: Invalid value: -1: spec.replicas in body should be "
                                + "greater than or equal to 0");
                        assertThat(e.getStatus().getDetails().getCauses().get(0).getField()).isEqualTo("spec.replicas");
                    });

            // The main resource keeps status; the status subresource keeps everything else.
            GenericKubernetesResource withStatus = webApps.withName("plain").edit(r -> {
                r.setAdditionalProperty("status", Map.of("readyReplicas", 5));
                return r;
            });
            assertThat(withStatus.getAdditionalProperties()).doesNotContainKey("status");
            GenericKubernetesResource statusWritten = webApps.withName("plain").editStatus(r -> {
                r.setAdditionalProperty("status", Map.of("readyReplicas", 5));
                return r;
            });
            assertThat((Map<String, Object>) statusWritten.get("status")).containsEntry("readyReplicas", 5);
            assertThat(statusWritten.getMetadata().getGeneration()).isEqualTo(1L);

            webApps.withName("plain").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("DELETED plain"));
        }
    }

    @Test
    void anOperatorConvergesAndItsObjectsGoWithTheResource() {
        try (WebAppOperator operator = new WebAppOperator(client, namespace)) {
            var webApps = client.genericKubernetesResources(WebAppOperator.WEBAPPS).inNamespace(namespace);
            webApps.resource(webApp("shop", Map.of("image", "nginx:1.27", "replicas", 2))).create();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                Map<String, Object> status = webApps.withName("shop").get().get("status");
                assertThat(status).containsEntry("readyReplicas", 2);
            });
            assertThat(client.services().inNamespace(namespace).withName("shop").get().getSpec().getClusterIP())
                    .isEqualTo("None");
            assertThat(client.pods().inNamespace(namespace).withName("shop-1").get().getStatus().getPhase())
                    .isEqualTo("Running");

            webApps.withName("shop").delete();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(client.apps().statefulSets().inNamespace(namespace).withName("shop").get()).isNull();
                assertThat(client.services().inNamespace(namespace).withName("shop").get()).isNull();
            });
        }
    }
}
