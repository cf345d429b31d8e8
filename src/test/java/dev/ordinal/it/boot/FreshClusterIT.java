package dev.ordinal.it.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A fresh server holds what a fresh kubeadm cluster holds (less the control plane's static pods and
 * kube-proxy): the system namespaces, a {@code default} ServiceAccount and a {@code kube-root-ca.crt}
 * ConfigMap in every namespace, the {@code kubernetes} Service whose endpoints are this server, and
 * the {@code kube-dns} Service in front of the ready pods of the {@code coredns} Deployment. The
 * ServiceAccount and the CA map come back when deleted or changed, and a reset brings every boot
 * object back. The server is this class's own, as it is reset at the end.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.kubelet.start-delay=0", "ordinal.kubelet.ready-delay=0", "ordinal.kubelet.stop-delay=0",
        "ordinal.kubernetes-service.advertise-address=192.0.2.10"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class FreshClusterIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-node-lease", "kube-public",
            "kube-system");

    @LocalServerPort
    int port;

    private KubernetesClient client;

    @BeforeAll
    void connect() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    void close() {
        client.close();
    }

    @Test
    @Order(1)
    void everyNamespaceHasTheDefaultServiceAccountAndTheRootCa() {
        assertThat(client.namespaces().list().getItems()).extracting(ns -> ns.getMetadata().getName())
                .containsAll(SYSTEM_NAMESPACES);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("fresh").endMetadata()
                .build()).create();
        for (String namespace : List.of("default", "kube-node-lease", "kube-public", "kube-system", "fresh")) {
            Awaitility.await(namespace).atMost(PATIENCE).untilAsserted(() -> {
                assertThat(client.serviceAccounts().inNamespace(namespace).withName("default").get()).isNotNull();
                ConfigMap ca = client.configMaps().inNamespace(namespace).withName("kube-root-ca.crt").get();
                assertThat(ca).isNotNull();
                assertThat(ca.getData()).containsOnlyKeys("ca.crt");
                assertThat(ca.getData().get("ca.crt")).startsWith("-----BEGIN CERTIFICATE-----\n");
                assertThat(ca.getMetadata().getAnnotations()).containsKey("kubernetes.io/description");
            });
        }
        String certificate = client.configMaps().inNamespace("default").withName("kube-root-ca.crt").get()
                .getData().get("ca.crt");
        assertThat(client.configMaps().inNamespace("fresh").withName("kube-root-ca.crt").get().getData())
                .containsEntry("ca.crt", certificate);
    }

    @Test
    @Order(2)
    void aDeletedDefaultServiceAccountAndAChangedRootCaComeBack() {
        String uid = client.serviceAccounts().inNamespace("fresh").withName("default").get().getMetadata().getUid();
        client.serviceAccounts().inNamespace("fresh").withName("default").delete();
        Awaitility.await("default recreated").atMost(PATIENCE).until(() ->
                client.serviceAccounts().inNamespace("fresh").withName("default").get(),
                account -> account != null && !account.getMetadata().getUid().equals(uid));

        String certificate = client.configMaps().inNamespace("fresh").withName("kube-root-ca.crt").get()
                .getData().get("ca.crt");
        client.configMaps().inNamespace("fresh").withName("kube-root-ca.crt").edit(map -> {
            map.getData().put("ca.crt", "tampered");
            map.getData().put("extra", "value");
            map.getMetadata().getLabels().put("kept", "yes");
            return map;
        });
        Awaitility.await("kube-root-ca.crt restored").atMost(PATIENCE).untilAsserted(() -> {
            ConfigMap map = client.configMaps().inNamespace("fresh").withName("kube-root-ca.crt").get();
            assertThat(map.getData()).isEqualTo(Map.of("ca.crt", certificate));
            assertThat(map.getMetadata().getLabels()).containsEntry("kept", "yes");
        });
        client.configMaps().inNamespace("fresh").withName("kube-root-ca.crt").delete();
        Awaitility.await("kube-root-ca.crt recreated").atMost(PATIENCE).untilAsserted(() -> assertThat(
                client.configMaps().inNamespace("fresh").withName("kube-root-ca.crt").get()).isNotNull());
    }

    @Test
    @Order(3)
    void theKubernetesServicePointsAtThisServer() {
        Service service = client.services().inNamespace("default").withName("kubernetes").get();
        assertThat(service.getMetadata().getLabels()).containsEntry("component", "apiserver")
                .containsEntry("provider", "kubernetes");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("10.96.0.1");
        assertThat(service.getSpec().getSelector()).isNullOrEmpty();
        ServicePort https = service.getSpec().getPorts().get(0);
        assertThat(https.getName()).isEqualTo("https");
        assertThat(https.getPort()).isEqualTo(443);
        assertThat(https.getTargetPort().getIntVal()).isEqualTo(port);

        Endpoints endpoints = client.endpoints().inNamespace("default").withName("kubernetes").get();
        assertThat(endpoints.getSubsets()).singleElement().satisfies(subset -> {
            assertThat(subset.getAddresses()).extracting(EndpointAddress::getIp).containsExactly("192.0.2.10");
            assertThat(subset.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(port));
        });
        EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("default").withName("kubernetes")
                .get();
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "kubernetes");
        assertThat(slice.getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getAddresses()).containsExactly("192.0.2.10");
            assertThat(endpoint.getConditions().getReady()).isTrue();
        });
        assertThat(slice.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(port));
    }

    @Test
    @Order(4)
    void kubeDnsStandsBeforeTheReadyPodsOfCoreDns() {
        Service dns = client.services().inNamespace("kube-system").withName("kube-dns").get();
        assertThat(dns.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
        assertThat(dns.getSpec().getSelector()).isEqualTo(Map.of("k8s-app", "kube-dns"));
        assertThat(dns.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getProtocol,
                ServicePort::getPort).containsExactly(
                tuple("dns", "UDP", 53), tuple("dns-tcp", "TCP", 53), tuple("metrics", "TCP", 9153));
        Awaitility.await("coredns available").atMost(PATIENCE).until(() ->
                client.apps().deployments().inNamespace("kube-system").withName("coredns").get(),
                (Deployment coredns) -> coredns.getStatus() != null
                        && Integer.valueOf(2).equals(coredns.getStatus().getAvailableReplicas()));
        List<Pod> pods = client.pods().inNamespace("kube-system").withLabel("k8s-app", "kube-dns").list().getItems();
        assertThat(pods).hasSize(2).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).startsWith("coredns-");
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("coredns");
            assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        });
        Awaitility.await("kube-dns endpoints").atMost(PATIENCE).untilAsserted(() -> {
            Endpoints endpoints = client.endpoints().inNamespace("kube-system").withName("kube-dns").get();
            assertThat(endpoints.getSubsets()).singleElement().satisfies(subset -> assertThat(
                    subset.getAddresses()).extracting(EndpointAddress::getIp)
                    .containsExactlyInAnyOrderElementsOf(pods.stream().map(pod -> pod.getStatus().getPodIP()).toList()));
        });
    }

    @Test
    @Order(5)
    void kubectlGetAllListsWhatAFreshKubeadmClusterLists() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Kubectl kubectl = new Kubectl(port, "default");
        Kubectl.Result all = kubectl.run("get", "all", "-A");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out())
                .containsPattern("(?m)^kube-system +pod/coredns-[a-z0-9]+-[a-z0-9]{5} +1/1 +Running +0 +\\S+$")
                .containsPattern("(?m)^default +service/kubernetes +ClusterIP +10\\.96\\.0\\.1 +<none> +443/TCP +\\S+$")
                .containsPattern("(?m)^kube-system +service/kube-dns +ClusterIP +10\\.96\\.0\\.10 +<none> "
                        + "+53/UDP,53/TCP,9153/TCP +\\S+$")
                .containsPattern("(?m)^kube-system +deployment\\.apps/coredns +2/2 +2 +2 +\\S+$")
                .containsPattern("(?m)^kube-system +replicaset\\.apps/coredns-[a-z0-9]+ +2 +2 +2 +\\S+$");
        Kubectl.Result accounts = kubectl.run("get", "serviceaccounts", "-n", "kube-system");
        assertThat(accounts.out()).containsPattern("(?m)^default +0 +\\S+$").containsPattern("(?m)^coredns +0 +\\S+$");
    }

    @Test
    @Order(6)
    void aResetBringsEveryBootObjectBack() throws IOException, InterruptedException {
        client.services().inNamespace("kube-system").withName("kube-dns").delete();
        client.apps().deployments().inNamespace("kube-system").withName("coredns").delete();
        HttpRequest reset = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ordinal/v1/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThat(HttpClient.newHttpClient().send(reset, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        Awaitility.await("boot objects back").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(client.namespaces().withName("fresh").get()).isNull();
            assertThat(client.services().inNamespace("kube-system").withName("kube-dns").get()).isNotNull();
            assertThat(client.services().inNamespace("default").withName("kubernetes").get()).isNotNull();
            assertThat(client.endpoints().inNamespace("default").withName("kubernetes").get()).isNotNull();
            for (String namespace : SYSTEM_NAMESPACES) {
                assertThat(client.serviceAccounts().inNamespace(namespace).withName("default").get()).isNotNull();
                assertThat(client.configMaps().inNamespace(namespace).withName("kube-root-ca.crt").get())
                        .isNotNull();
            }
            Deployment coredns = client.apps().deployments().inNamespace("kube-system").withName("coredns").get();
            assertThat(coredns.getStatus().getAvailableReplicas()).isEqualTo(2);
        });
    }
}
