package dev.ordinal.it.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.pki.ClusterCertificateAuthority;
import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A server with security on, driven by the clients users have: kubectl, fabric8 and client-java
 * with the kubeconfig the server wrote (TLS verified against the cluster CA, the admin's client
 * certificate), a user of the token file, a ServiceAccount token from a TokenRequest, and requests
 * with no or bad credentials.
 */
@ServerTest
@TestPropertySource(properties = {
        "ordinal.security.enabled=true",
        "ordinal.security.token-file=target/secure-serving-it/tokens.csv",
        "ordinal.kubeconfig=target/secure-serving-it/kubeconfig"
})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureServingIT {

    private static final Path DIRECTORY = Path.of("target/secure-serving-it");
    private static final String ALICE_TOKEN = "31ada4fd-adec-460c-809a-9e56ceb75269";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        // The token file must be there before the server starts, as kube-apiserver reads it at start.
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(DIRECTORY.resolve("tokens.csv"), """
                    %s,alice,1001,"developers,reviewers"
                    """.formatted(ALICE_TOKEN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ClusterCertificateAuthority authority;

    private String kubeconfig;
    private KubernetesClient admin;

    @BeforeAll
    void connect() throws IOException {
        kubeconfig = Files.readString(DIRECTORY.resolve("kubeconfig"));
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
        // The token file's developers administer the cluster here: what RBAC refuses a user is
        // KubectlAuthorizationIT's subject, who the server takes a request for is this test's.
        admin.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                .withNewMetadata().withName("developers").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName("cluster-admin").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("developers")
                .endSubject()
                .build()).serverSideApply();
    }

    @AfterAll
    void close() {
        admin.close();
    }

    @Test
    void theWrittenKubeconfigSpeaksTlsWithTheAdminsClientCertificate() {
        assertThat(kubeconfig).contains("server: https://127.0.0.1:" + port)
                .contains("certificate-authority-data:").contains("client-certificate-data:")
                .contains("client-key-data:").doesNotContain("insecure-skip-tls-verify");
        assertThat(admin.namespaces().withName("default").get()).isNotNull();
    }

    @Test
    void kubectlGetsPodsAndKnowsWhoItIs() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Kubectl kubectl = Kubectl.withKubeconfig(kubeconfig);
        Kubectl.Result pods = kubectl.run("get", "pods", "-n", "kube-system");
        assertThat(pods.exitCode()).as(pods.toString()).isZero();

        Kubectl.Result whoami = kubectl.run("auth", "whoami");
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        assertThat(whoami.out()).containsPattern("Username\\s+kubernetes-admin")
                .containsPattern("Groups\\s+\\[system:masters system:authenticated\\]");
    }

    @Test
    void officialClientListsNamespacesOverTls() throws Exception {
        ApiClient client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(new StringReader(kubeconfig))).build();
        assertThat(new CoreV1Api(client).listNamespace().execute().getItems())
                .anySatisfy(namespace -> assertThat(namespace.getMetadata().getName()).isEqualTo("kube-system"));
    }

    @Test
    void aUserOfTheTokenFileIsAuthenticated() {
        HttpClient client = client(trustingTheCluster(null));
        HttpResponse<String> namespaces = send(client, get("/api/v1/namespaces")
                .header("Authorization", "Bearer " + ALICE_TOKEN).build());
        assertThat(namespaces.statusCode()).isEqualTo(200);

        JsonNode review = json(send(client, selfSubjectReview().header("Authorization", "Bearer " + ALICE_TOKEN)
                .build()));
        JsonNode user = review.path("status").path("userInfo");
        assertThat(user.path("username").asString()).isEqualTo("alice");
        assertThat(user.path("uid").asString()).isEqualTo("1001");
        assertThat(user.path("groups").toString()).isEqualTo("[\"developers\",\"reviewers\",\"system:authenticated\"]");
    }

    @Test
    void aServiceAccountTokenAuthenticatesUntilItsServiceAccountIsDeleted() {
        String namespace = "token-users";
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
        admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("robot").endMetadata().build()).create();
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build();
        String token = admin.serviceAccounts().inNamespace(namespace).withName("robot").tokenRequest(request)
                .getStatus().getToken();

        HttpClient client = client(trustingTheCluster(null));
        HttpResponse<String> answered = send(client, selfSubjectReview()
                .header("Authorization", "Bearer " + token).build());
        assertThat(answered.statusCode()).isEqualTo(201);
        JsonNode user = json(answered).path("status").path("userInfo");
        assertThat(user.path("username").asString()).isEqualTo("system:serviceaccount:token-users:robot");
        assertThat(user.path("groups").toString()).isEqualTo(
                "[\"system:serviceaccounts\",\"system:serviceaccounts:token-users\",\"system:authenticated\"]");

        JsonNode review = json(send(client, post("/apis/authentication.k8s.io/v1/tokenreviews", """
                {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": "%s"}}"""
                .formatted(token)).header("Authorization", "Bearer " + ALICE_TOKEN).build()));
        assertThat(review.path("status").path("authenticated").asBoolean()).isTrue();
        assertThat(review.path("status").path("user").path("username").asString())
                .isEqualTo("system:serviceaccount:token-users:robot");
        assertThat(review.path("status").path("audiences").toString())
                .isEqualTo("[\"https://kubernetes.default.svc.cluster.local\"]");

        admin.serviceAccounts().inNamespace(namespace).withName("robot").delete();
        HttpResponse<String> refused = send(client, get("/api/v1/namespaces")
                .header("Authorization", "Bearer " + token).build());
        assertUnauthorized(refused);
        JsonNode after = json(send(client, post("/apis/authentication.k8s.io/v1/tokenreviews", """
                {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": "%s"}}"""
                .formatted(token)).header("Authorization", "Bearer " + ALICE_TOKEN).build()));
        assertThat(after.path("status").path("authenticated").asBoolean()).isFalse();
        assertThat(after.path("status").path("error").asString()).contains("not found");
    }

    @Test
    void admissionPoliciesSeeTheUserWhoMakesTheRequest() {
        admin.resource("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: who-wrote-this}
                spec:
                  matchConstraints:
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
                  validations:
                  - expression: "!object.metadata.name.startsWith('signed-')"
                    messageExpression: "'written by ' + request.userInfo.username
                      + (request.userInfo.groups.exists(g, g == 'developers') ? ' of developers' : '')"
                """).create();
        admin.resource("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: who-wrote-this}
                spec: {policyName: who-wrote-this, validationActions: [Deny]}
                """).create();
        HttpClient alice = client(trustingTheCluster(null));
        AtomicInteger attempt = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> refused = send(alice, post("/api/v1/namespaces/default/configmaps", """
                    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "signed-%d"}}"""
                    .formatted(attempt.incrementAndGet())).header("Authorization", "Bearer " + ALICE_TOKEN).build());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(json(refused).path("message").asString()).endsWith("denied request: written by alice of developers");
        });
    }

    @Test
    void requestsWithoutCredentialsOrWithBadOnesAreUnauthorized() {
        HttpClient anonymous = client(trustingTheCluster(null));
        assertUnauthorized(send(anonymous, get("/api/v1/namespaces/default/pods").build()));
        assertUnauthorized(send(anonymous, get("/api/v1/namespaces").header("Authorization", "Bearer not-a-token")
                .build()));
        assertUnauthorized(send(anonymous, selfSubjectReview().build()));
    }

    @Test
    void aClientCertificateOfAnotherAuthorityIsUnauthorized() throws Exception {
        HttpClient mallory = client(trustingTheCluster(foreignClientCertificate()));
        assertUnauthorized(send(mallory, get("/api/v1/namespaces").build()));
    }

    @Test
    void healthAndVersionAnswerAnonymousRequests() {
        HttpClient anonymous = client(trustingTheCluster(null));
        for (String path : new String[] {"/healthz", "/livez", "/readyz", "/version"}) {
            assertThat(send(anonymous, get(path).build()).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void plainHttpIsNotServed() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/namespaces"))
                .timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = plain.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
        } catch (IOException e) {
            // Tomcat may also close a connection that does not start with a TLS handshake.
            assertThat(e).isNotNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).isEqualTo(JSON.readTree("""
                {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                 "message": "Unauthorized", "reason": "Unauthorized", "code": 401}"""));
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private HttpRequest.Builder post(String path, String body) {
        return get(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpRequest.Builder selfSubjectReview() {
        return post("/apis/authentication.k8s.io/v1/selfsubjectreviews", """
                {"apiVersion": "authentication.k8s.io/v1", "kind": "SelfSubjectReview"}""");
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** TLS that verifies the server by the cluster CA and presents {@code clientKeys}, if any. */
    private SSLContext trustingTheCluster(KeyStore clientKeys) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", authority.certificate());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            KeyManagerFactory keys = null;
            if (clientKeys != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(clientKeys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate for {@code system:masters}, signed by a CA the server has never seen. */
    private static KeyStore foreignClientCertificate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair caKeys = generator.generateKeyPair();
        KeyPair clientKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=kubernetes");
        X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(caName,
                BigInteger.ONE, Date.from(now.minusSeconds(300)), Date.from(now.plusSeconds(3600)), caName,
                caKeys.getPublic()).addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        X509Certificate client = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                caName, BigInteger.TWO, Date.from(now.minusSeconds(300)), Date.from(now.plusSeconds(3600)),
                new X500Name("O=system:masters,CN=mallory"), clientKeys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("mallory", clientKeys.getPrivate(), new char[0], new X509Certificate[] {client, ca});
        return store;
    }
}
