package dev.ordinal.it.deployment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1Scale;
import io.kubernetes.client.openapi.models.V1ScaleSpec;
import io.kubernetes.client.util.ClientBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Deployment through the official client-java: created with its defaults, rolled out, scaled
 * through its scale subresource, its ReplicaSet read back with its owner and hash.
 */
@ServerTest
@Timeout(90)
class DeploymentOfficialClientIT {

    @LocalServerPort
    int port;

    private CoreV1Api core;
    private AppsV1Api apps;
    private String namespace;

    @BeforeEach
    void connect() throws ApiException {
        ApiClient client = new ClientBuilder().setBasePath("http://127.0.0.1:" + port)
                .setReadTimeout(Duration.ZERO).build();
        core = new CoreV1Api(client);
        apps = new AppsV1Api(client);
        namespace = "official-deploy-" + UUID.randomUUID().toString().substring(0, 8);
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace))).execute();
    }

    private V1Deployment awaitAvailable(int replicas) {
        return Awaitility.await(replicas + " available").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> apps.readNamespacedDeployment("web", namespace).execute(), deployment ->
                        deployment.getStatus() != null && deployment.getStatus().getAvailableReplicas() != null
                                && deployment.getStatus().getAvailableReplicas() == replicas
                                && deployment.getStatus().getUpdatedReplicas() == replicas);
    }

    @Test
    void aDeploymentIsDefaultedRolledOutAndScaledThroughItsScale() throws ApiException {
        V1Deployment created = apps.createNamespacedDeployment(namespace, new V1Deployment()
                .metadata(new V1ObjectMeta().name("web"))
                .spec(new V1DeploymentSpec().replicas(2)
                        .selector(new V1LabelSelector().matchLabels(Map.of("app", "web")))
                        .template(new V1PodTemplateSpec().metadata(new V1ObjectMeta().labels(Map.of("app", "web")))
                                .spec(new V1PodSpec().containers(List.of(
                                        new V1Container().name("web").image("nginx:1.27")))))))
                .execute();
        assertThat(created.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(created.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrValue()).isEqualTo("25%");
        assertThat(created.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(created.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);

        V1Deployment available = awaitAvailable(2);
        assertThat(available.getStatus().getConditions())
                .anySatisfy(condition -> {
                    assertThat(condition.getType()).isEqualTo("Available");
                    assertThat(condition.getStatus()).isEqualTo("True");
                    assertThat(condition.getReason()).isEqualTo("MinimumReplicasAvailable");
                });

        V1Scale scale = apps.readNamespacedDeploymentScale("web", namespace).execute();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
        assertThat(scale.getStatus().getSelector()).isEqualTo("app=web");
        apps.replaceNamespacedDeploymentScale("web", namespace, new V1Scale()
                .metadata(new V1ObjectMeta().name("web").namespace(namespace)).spec(new V1ScaleSpec().replicas(3)))
                .execute();
        awaitAvailable(3);

        List<V1ReplicaSet> sets = apps.listNamespacedReplicaSet(namespace).execute().getItems();
        assertThat(sets).singleElement().satisfies(rs -> {
            String hash = rs.getMetadata().getLabels().get("pod-template-hash");
            assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
            assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
            assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid()));
            assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                    .containsEntry("deployment.kubernetes.io/desired-replicas", "3");
        });
        assertThat(core.listNamespacedPod(namespace).execute().getItems()).hasSize(3);
    }
}
