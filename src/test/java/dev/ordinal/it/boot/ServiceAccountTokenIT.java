package dev.ordinal.it.boot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1BoundObjectReference;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ServiceAccounts as pods and clients meet them: a pod runs as {@code default} with the projected
 * {@code kube-api-access} volume, and one naming a missing ServiceAccount is refused with upstream's
 * message; {@code kubectl create token}, client-java and the container's token file all hold JWTs
 * whose signature the served JWK set verifies and whose claims are upstream's.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ServiceAccountTokenIT {

    private static final String NS = "tokens";
    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

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
    void kubectlCreateTokenPrintsAJwtTheServedKeysVerify() throws Exception {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Kubectl kubectl = new Kubectl(port, NS);
        String uid = client.serviceAccounts().inNamespace(NS).withName("default")
                .waitUntilCondition(account -> account != null, 30, TimeUnit.SECONDS).getMetadata().getUid();

        Kubectl.Result created = kubectl.run("create", "token", "default");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        JWTClaimsSet claims = verified(created.out().trim());
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:" + NS + ":default");
        assertThat(claims.getAudience()).containsExactly(ISSUER);
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(3_600_000);
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getJSONObjectClaim("kubernetes.io")).isEqualTo(Map.of("namespace", NS,
                "serviceaccount", Map.of("name", "default", "uid", uid)));

        Kubectl.Result audience = kubectl.run("create", "token", "default", "--audience=vault", "--duration=2h");
        JWTClaimsSet custom = verified(audience.out().trim());
        assertThat(custom.getAudience()).containsExactly("vault");
        assertThat(custom.getExpirationTime().getTime() - custom.getIssueTime().getTime()).isEqualTo(7_200_000);

        Kubectl.Result tooShort = kubectl.run("create", "token", "default", "--duration=5m");
        assertThat(tooShort.exitCode()).isNotZero();
        assertThat(tooShort.err()).contains("TokenRequest.authentication.k8s.io \"default\" is invalid: "
                + "spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes");
        Kubectl.Result missing = kubectl.run("create", "token", "nobody");
        assertThat(missing.err()).contains("serviceaccounts \"nobody\" not found");
    }

    @Test
    void aTokenBoundToAPodNamesThePodAndItsNode() throws Exception {
        Pod pod = client.pods().inNamespace(NS).resource(pod("bound")).create();
        pod = client.pods().inNamespace(NS).withName("bound").waitUntilCondition(
                p -> p.getSpec().getNodeName() != null, 30, TimeUnit.SECONDS);
        ApiClient official = new ClientBuilder().setBasePath("http://127.0.0.1:" + port).build();
        AuthenticationV1TokenRequest answer = new CoreV1Api(official).createNamespacedServiceAccountToken("default", NS,
                new AuthenticationV1TokenRequest().spec(new V1TokenRequestSpec().audiences(List.of("api"))
                        .expirationSeconds(3600L).boundObjectRef(new V1BoundObjectReference().kind("Pod")
                                .apiVersion("v1").name("bound").uid(pod.getMetadata().getUid())))).execute();

        assertThat(answer.getStatus().getExpirationTimestamp()).isNotNull();
        Map<String, Object> kubernetes = verified(answer.getStatus().getToken()).getJSONObjectClaim("kubernetes.io");
        assertThat(kubernetes.get("pod")).isEqualTo(Map.of("name", "bound", "uid", pod.getMetadata().getUid()));
        assertThat(((Map<?, ?>) kubernetes.get("node")).get("name")).isEqualTo(pod.getSpec().getNodeName());
    }

    @Test
    void aPodRunsAsDefaultWithTheServiceAccountVolumeAndItsTokenFile() throws Exception {
        Pod created = client.pods().inNamespace(NS).resource(pod("reader")).create();
        assertThat(created.getSpec().getServiceAccountName()).isEqualTo("default");
        Volume volume = created.getSpec().getVolumes().get(0);
        assertThat(volume.getName()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(volume.getProjected().getDefaultMode()).isEqualTo(420);
        assertThat(volume.getProjected().getSources()).satisfiesExactly(
                token -> assertThat(token.getServiceAccountToken().getExpirationSeconds()).isEqualTo(3607),
                ca -> assertThat(ca.getConfigMap().getName()).isEqualTo("kube-root-ca.crt"),
                namespace -> assertThat(namespace.getDownwardAPI().getItems().get(0).getFieldRef().getFieldPath())
                        .isEqualTo("metadata.namespace"));
        assertThat(created.getSpec().getContainers().get(0).getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getName()).isEqualTo(volume.getName());
            assertThat(mount.getMountPath()).isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
            assertThat(mount.getReadOnly()).isTrue();
        });

        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        client.pods().inNamespace(NS).withName("reader").waitUntilReady(30, TimeUnit.SECONDS);
        Kubectl kubectl = new Kubectl(port, NS);
        String directory = "/var/run/secrets/kubernetes.io/serviceaccount/";
        Kubectl.Result token = kubectl.run("exec", "reader", "--", "cat", directory + "token");
        assertThat(token.exitCode()).as(token.toString()).isZero();
        JWTClaimsSet claims = verified(token.out());
        assertThat(((Map<?, ?>) claims.getJSONObjectClaim("kubernetes.io").get("pod")).get("name"))
                .isEqualTo("reader");
        // The kubelet's 3607 s are extended to a year, with a warning after the hour asked for.
        assertThat(claims.getJSONObjectClaim("kubernetes.io")).containsKey("warnafter");
        assertThat(kubectl.run("exec", "reader", "--", "cat", directory + "namespace").out()).isEqualTo(NS);
        assertThat(kubectl.run("exec", "reader", "--", "cat", directory + "ca.crt").out()).isEqualTo(
                client.configMaps().inNamespace(NS).withName("kube-root-ca.crt").get().getData().get("ca.crt"));
        assertThat(kubectl.run("exec", "reader", "--", "cat", "/etc/resolv.conf").out())
                .contains("nameserver 10.96.0.10\n");
    }

    @Test
    void aPodThatDoesNotAutomountGetsNoVolume() {
        Pod pod = pod("quiet");
        pod.getSpec().setAutomountServiceAccountToken(false);
        Pod created = client.pods().inNamespace(NS).resource(pod).create();
        assertThat(created.getSpec().getVolumes()).isEmpty();
        assertThat(created.getSpec().getContainers().get(0).getVolumeMounts()).isEmpty();
    }

    @Test
    void aPodNamingAMissingServiceAccountIsForbidden() {
        Pod pod = pod("lost");
        pod.getSpec().setServiceAccountName("missing");
        assertThatThrownBy(() -> client.pods().inNamespace(NS).resource(pod).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
                    assertThat(e.getStatus().getMessage()).isEqualTo("pods \"lost\" is forbidden: error looking up "
                            + "service account " + NS + "/missing: serviceaccount \"missing\" not found");
                });
        assertThat(client.pods().inNamespace(NS).withName("lost").get()).isNull();
    }

    @Test
    void theDiscoveryDocumentNamesTheIssuerAndItsKeys() throws Exception {
        JsonNode configuration = get("/.well-known/openid-configuration");
        assertThat(configuration.path("issuer").asString()).isEqualTo(ISSUER);
        assertThat(configuration.path("jwks_uri").asString()).isEqualTo("http://127.0.0.1:" + port + "/openid/v1/jwks");
        assertThat(configuration.path("id_token_signing_alg_values_supported").get(0).asString()).isEqualTo("RS256");
        JsonNode keys = get("/openid/v1/jwks");
        assertThat(keys.path("keys")).singleElement().satisfies(key -> {
            assertThat(key.path("kty").asString()).isEqualTo("RSA");
            assertThat(key.path("use").asString()).isEqualTo("sig");
            assertThat(key.path("alg").asString()).isEqualTo("RS256");
            assertThat(key.has("d")).isFalse();
        });
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("busybox").withCommand("sleep", "3600").endContainer().endSpec().build();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }

    /** The token's claims, once its signature is verified with the key of the served JWK set its kid names. */
    private JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        JWKSet keys = JWKSet.parse(get("/openid/v1/jwks").toString());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the key " + jwt.getHeader().getKeyID()).isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        return jwt.getJWTClaimsSet();
    }
}
