package dev.ordinal.it.boot;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated kubelet does not start a pod whose ConfigMap or Secret is missing, as a kubelet
 * does not: a volume it cannot mount keeps the pod ContainerCreating with FailedMount events, an
 * environment it cannot make keeps the container waiting with CreateContainerConfigError; the pod
 * starts as soon as the object is created (the wait is longer than a resync would take, so only the
 * object's event can start it).
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0",
        "ordinal.controllers.resync=10m"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class MissingSourcesIT {

    private static final String NS = "missing";
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    private KubernetesClient client;

    @BeforeAll
    void connect() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    void aPodWaitsForItsConfigMapVolumeThenStarts() throws InterruptedException {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("mounts").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").addNewVolumeMount()
                .withName("config").withMountPath("/etc/app").endVolumeMount().endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName("settings").endConfigMap().endVolume()
                .endSpec().build()).create();

        Awaitility.await("FailedMount").atMost(PATIENCE).until(() -> events("mounts", "FailedMount"),
                events -> !events.isEmpty());
        assertThat(events("mounts", "FailedMount").get(0).getMessage())
                .isEqualTo("MountVolume.SetUp failed for volume \"config\" : configmap \"settings\" not found");
        assertThat(events("mounts", "FailedMount").get(0).getType()).isEqualTo("Warning");
        Thread.sleep(1000);
        Pod waiting = client.pods().inNamespace(NS).withName("mounts").get();
        assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(waiting.getStatus().getPodIP()).isNull();
        assertThat(waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                .isEqualTo("ContainerCreating");
        if (Kubectl.installed()) {
            Kubectl.Result printed = new Kubectl(port, NS).run("get", "pod", "mounts");
            assertThat(printed.out()).containsPattern("(?m)^mounts +0/1 +ContainerCreating +0 +\\S+$");
        }

        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("mode", "fast").build()).create();
        awaitRunning("mounts");
    }

    @Test
    void aContainerWaitsForItsEnvironmentWithCreateContainerConfigErrorThenStarts() {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("env").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").addNewEnv()
                .withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "credentials", null)
                .endValueFrom().endEnv().endContainer().endSpec().build()).create();

        Awaitility.await("CreateContainerConfigError").atMost(PATIENCE).until(() -> waitingReason("env"),
                "CreateContainerConfigError"::equals);
        ContainerStatus status = client.pods().inNamespace(NS).withName("env").get().getStatus()
                .getContainerStatuses().get(0);
        assertThat(status.getState().getWaiting().getMessage()).isEqualTo("secret \"credentials\" not found");
        Awaitility.await("Failed event").atMost(PATIENCE).until(() -> events("env", "Failed"), e -> !e.isEmpty());
        assertThat(events("env", "Failed").get(0).getMessage()).isEqualTo("Error: secret \"credentials\" not found");
        if (Kubectl.installed()) {
            Kubectl.Result printed = new Kubectl(port, NS).run("get", "pod", "env");
            assertThat(printed.out()).containsPattern("(?m)^env +0/1 +CreateContainerConfigError +0 +\\S+$");
        }

        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("credentials")
                .endMetadata().addToStringData("other", "x").build()).create();
        Awaitility.await("missing key").atMost(PATIENCE).until(() -> client.pods().inNamespace(NS).withName("env")
                .get().getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage(),
                ("couldn't find key password in Secret " + NS + "/credentials")::equals);

        client.secrets().inNamespace(NS).withName("credentials").edit(secret -> {
            secret.getData().put("password", "c2VjcmV0");
            return secret;
        });
        awaitRunning("env");
    }

    @Test
    void anOptionalMissingSourceDoesNotHoldThePodBack() {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("optional").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").addNewEnvFrom()
                .withNewConfigMapRef("absent", true).endEnvFrom().endContainer()
                .addNewVolume().withName("maybe").withNewSecret().withSecretName("absent").withOptional(true)
                .endSecret().endVolume().endSpec().build()).create();
        awaitRunning("optional");
    }

    private void awaitRunning(String name) {
        Awaitility.await(name + " running").atMost(PATIENCE).until(() -> client.pods().inNamespace(NS).withName(name)
                .get().getStatus().getPhase(), "Running"::equals);
    }

    private String waitingReason(String pod) {
        List<ContainerStatus> statuses = client.pods().inNamespace(NS).withName(pod).get().getStatus()
                .getContainerStatuses();
        return statuses.isEmpty() || statuses.get(0).getState().getWaiting() == null ? ""
                : statuses.get(0).getState().getWaiting().getReason();
    }

    private List<Event> events(String pod, String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(event -> event.getInvolvedObject().getName().equals(pod) && event.getReason().equals(reason))
                .toList();
    }
}
