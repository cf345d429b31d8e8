package dev.ordinal.it.admission;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Admission webhooks as an operator's test suite meets them: a webhook server started here (HTTPS
 * with a certificate made here) validates and mutates pods created through fabric8 and kubectl, in
 * the namespaces and for the objects its selectors and matchConditions pick; a dry run reaches it
 * as one; a webhook that is down fails requests under {@code failurePolicy: Fail} and is skipped
 * under Ignore; and a webhook named by an ExternalName Service is reached at its external name, its
 * certificate checked for the Service's name.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdmissionWebhookIT {

    private static final String NAMESPACE = "webhooks";
    private static final String PLAIN = "no-webhooks";

    @LocalServerPort
    int port;

    private KubernetesClient client;
    private Kubectl kubectl;
    private WebhookServer webhook;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build()).build();
        kubectl = new Kubectl(port, NAMESPACE);
        webhook = new WebhookServer()
                .answer("/validate", request -> "true".equals(labels(request).path("deny").asString(""))
                        ? WebhookServer.denied("no pods labelled deny")
                        : WebhookServer.allowed().set("warnings", WebhookServer.allowed().arrayNode()
                                .add("checked by v.example.com")))
                .answer("/mutate", request -> labels(request).isObject()
                        ? WebhookServer.patched("[{\"op\": \"add\", \"path\": \"/metadata/labels/team\", \"value\": \"a\"}]")
                        : WebhookServer.patched("[{\"op\": \"add\", \"path\": \"/metadata/labels\", \"value\": {\"team\": \"a\"}}]"))
                .answer("/configmaps", request -> WebhookServer.denied("configmaps go through the service"))
                .answer("/seen", request -> WebhookServer.patched("[{\"op\": \"add\", \"path\": "
                        + "\"/metadata/annotations\", \"value\": {\"seen-b\": \""
                        + labels(request).has("b") + "\"}}]"))
                .answer("/add-b", request -> WebhookServer.patched(
                        "[{\"op\": \"add\", \"path\": \"/metadata/labels/b\", \"value\": \"yes\"}]"))
                .answer("/conditional", request -> WebhookServer.denied("matched by its conditions"))
                .answer("/exec", request -> WebhookServer.denied("no exec here"))
                .answer("/gizmos", request -> WebhookServer.patched("[{\"op\": \"add\", \"path\": "
                        + "\"/metadata/labels\", \"value\": {\"seen-as\": \""
                        + request.path("object").path("apiVersion").asString().replace('/', '_') + "\"}}]"));
        apply("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: %s, labels: {webhooks: "on"}}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: %s}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: pods-check}
                webhooks:
                - name: v.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
                  namespaceSelector: {matchLabels: {webhooks: "on"}}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata: {name: pods-team}
                webhooks:
                - name: m.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
                  namespaceSelector: {matchLabels: {webhooks: "on"}}
                  objectSelector: {matchExpressions: [{key: skip, operator: DoesNotExist}]}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(NAMESPACE, PLAIN, webhook.url("/validate"), webhook.caBundle(), webhook.url("/mutate"),
                webhook.caBundle()));
    }

    @AfterAll
    void stop() {
        if (kubectl != null) {
            kubectl.run("delete", "validatingwebhookconfigurations,mutatingwebhookconfigurations", "--all");
            client.close();
            webhook.close();
        }
    }

    private static JsonNode labels(JsonNode request) {
        return request.path("object").path("metadata").path("labels");
    }

    private void apply(String yaml) {
        Kubectl.Result result = kubectl.run("create", "-f", kubectl.file("manifest.yaml", yaml).toString());
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private static Pod pod(String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build();
    }

    private static String podYaml(String name, String labels) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: %s}
                spec: {containers: [{name: app, image: nginx}]}
                """.formatted(name, labels);
    }

    @Test
    void theMutatingWebhookPatchesPodsCreatedThroughFabric8() {
        Pod created = client.pods().inNamespace(NAMESPACE).resource(pod("fabric8-pod", Map.of("app", "web"))).create();

        assertThat(created.getMetadata().getLabels()).containsEntry("team", "a").containsEntry("app", "web");
        assertThat(client.pods().inNamespace(NAMESPACE).withName("fabric8-pod").get().getMetadata().getLabels())
                .containsEntry("team", "a");
        JsonNode review = webhook.requests().stream()
                .filter(r -> r.path("name").asString("").equals("fabric8-pod")).findFirst().orElseThrow();
        assertThat(review.path("operation").asString()).isEqualTo("CREATE");
        assertThat(review.path("namespace").asString()).isEqualTo(NAMESPACE);
        assertThat(review.path("resource").path("resource").asString()).isEqualTo("pods");
        assertThat(review.path("kind").path("kind").asString()).isEqualTo("Pod");
        assertThat(review.path("dryRun").asBoolean()).isFalse();
    }

    @Test
    void selectorsKeepWebhooksAwayFromOtherNamespacesAndObjects() {
        Pod skipped = client.pods().inNamespace(NAMESPACE).resource(pod("skipped", Map.of("skip", "yes"))).create();
        Pod elsewhere = client.pods().inNamespace(PLAIN).resource(pod("elsewhere", Map.of("deny", "true"))).create();

        assertThat(skipped.getMetadata().getLabels()).doesNotContainKey("team");
        assertThat(elsewhere.getMetadata().getLabels()).doesNotContainKey("team");
    }

    @Test
    void kubectlShowsTheDenialAndTheWarnings() {
        Kubectl.Result denied = kubectl.run("create", "-f",
                kubectl.file("denied.yaml", podYaml("denied", "{deny: \"true\"}")).toString());
        assertThat(denied.exitCode()).as(denied.toString()).isNotZero();
        assertThat(denied.err()).contains("Error from server: error when creating")
                .contains("admission webhook \"v.example.com\" denied the request: no pods labelled deny");
        assertThatThrownBy(() -> client.pods().inNamespace(NAMESPACE).resource(pod("denied-too", Map.of("deny", "true")))
                .create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getStatus().getMessage())
                            .isEqualTo("admission webhook \"v.example.com\" denied the request: no pods labelled deny");
                });

        Kubectl.Result allowed = kubectl.run("create", "-f",
                kubectl.file("allowed.yaml", podYaml("allowed", "{app: web}")).toString());
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.err()).contains("Warning: checked by v.example.com");
        assertThat(kubectl.run("get", "pod", "allowed", "-o", "jsonpath={.metadata.labels.team}").out()).isEqualTo("a");
    }

    @Test
    void aDryRunReachesTheWebhooksAsOne() {
        Kubectl.Result denied = kubectl.run("create", "--dry-run=server", "-f",
                kubectl.file("dry.yaml", podYaml("dry", "{deny: \"true\"}")).toString());
        assertThat(denied.err()).contains("admission webhook \"v.example.com\" denied the request: no pods labelled deny");
        List<JsonNode> dry = webhook.requests().stream().filter(r -> r.path("name").asString("").equals("dry")).toList();
        assertThat(dry).hasSize(2).allSatisfy(request -> assertThat(request.path("dryRun").asBoolean()).isTrue());
    }

    @Test
    void failurePolicyDecidesAboutAWebhookThatIsDown() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: down}
                webhooks:
                - name: down.example.com
                  clientConfig: {url: "https://127.0.0.1:%d/down", caBundle: %s}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [configmaps]}]
                  namespaceSelector: {matchLabels: {webhooks: "on"}}
                  objectSelector: {matchLabels: {check: down}}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(closed, webhook.caBundle()));

        Kubectl.Result refused = kubectl.run("create", "-f", kubectl.file("cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: failing, labels: {check: down}}\n").toString());
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).contains("Error from server (InternalError): error when creating")
                .contains("Internal error occurred: failed calling webhook \"down.example.com\": failed to call "
                        + "webhook: Post \"https://127.0.0.1:" + closed + "/down?timeout=10s\": dial tcp 127.0.0.1:"
                        + closed + ": connect: connection refused");

        Kubectl.Result ignoring = kubectl.run("patch", "validatingwebhookconfiguration", "down", "--type=json",
                "-p", "[{\"op\": \"replace\", \"path\": \"/webhooks/0/failurePolicy\", \"value\": \"Ignore\"}]");
        assertThat(ignoring.exitCode()).as(ignoring.toString()).isZero();
        Kubectl.Result created = kubectl.run("create", "-f", kubectl.file("cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: failing, labels: {check: down}}\n").toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.err()).doesNotContain("Warning");
    }

    @Test
    void aWebhookNamedByAnExternalNameServiceIsCalledThere() {
        apply("""
                apiVersion: v1
                kind: Service
                metadata: {name: hook, namespace: %s}
                spec: {type: ExternalName, externalName: localhost}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: through-service}
                webhooks:
                - name: service.example.com
                  clientConfig: {service: {name: hook, namespace: %s, path: /configmaps, port: %d}, caBundle: %s}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [configmaps]}]
                  objectSelector: {matchLabels: {via: service}}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(NAMESPACE, NAMESPACE, webhook.port(), webhook.caBundle()));

        Kubectl.Result denied = kubectl.run("create", "-f", kubectl.file("via.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: via, labels: {via: service}}\n").toString());
        assertThat(denied.err()).as(denied.toString())
                .contains("admission webhook \"service.example.com\" denied the request: configmaps go through the service");
    }

    @Test
    void aWebhookIsNotCalledForRequestsItsMatchConditionsExclude() {
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: conditional}
                webhooks:
                - name: conditional.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
                  objectSelector: {matchLabels: {conditional: test}}
                  matchConditions:
                  - name: not-exempt
                    expression: "object.metadata.labels[?'exempt'].orValue('') != 'yes'"
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(webhook.url("/conditional"), webhook.caBundle()));

        Pod exempt = client.pods().inNamespace(PLAIN)
                .resource(pod("exempt", Map.of("conditional", "test", "exempt", "yes"))).create();
        assertThat(exempt.getMetadata().getName()).isEqualTo("exempt");
        assertThat(webhook.requests()).noneMatch(r -> r.path("name").asString("").equals("exempt"));

        Kubectl.Result denied = kubectl.run("create", "-n", PLAIN, "-f",
                kubectl.file("checked.yaml", podYaml("checked", "{conditional: test}")).toString());
        assertThat(denied.exitCode()).as(denied.toString()).isNotZero();
        assertThat(denied.err())
                .contains("admission webhook \"conditional.example.com\" denied the request: matched by its conditions");
    }

    /**
     * The first webhook records whether the second's label is there; called again because the
     * second changed the object after it (reinvocationPolicy IfNeeded), it sees it.
     */
    @Test
    void aWebhookThatAsksIsCalledAgainAfterALaterOneChangedTheObject() {
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata: {name: a-seen}
                webhooks:
                - name: seen.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
                  objectSelector: {matchLabels: {reinvoke: test}}
                  reinvocationPolicy: IfNeeded
                  sideEffects: None
                  admissionReviewVersions: [v1]
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata: {name: b-adds}
                webhooks:
                - name: adds.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
                  objectSelector: {matchLabels: {reinvoke: test}}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(webhook.url("/seen"), webhook.caBundle(), webhook.url("/add-b"), webhook.caBundle()));

        Pod created = client.pods().inNamespace(PLAIN).resource(pod("reinvoked", Map.of("reinvoke", "test"))).create();

        assertThat(created.getMetadata().getLabels()).containsEntry("b", "yes");
        assertThat(created.getMetadata().getAnnotations()).containsEntry("seen-b", "true");
        List<JsonNode> calls = webhook.requests().stream()
                .filter(r -> r.path("name").asString("").equals("reinvoked")).toList();
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0).path("uid").asString()).isNotEqualTo(calls.get(2).path("uid").asString());
    }

    @Test
    void aRuleForAnotherVersionOfACustomResourceMatchesWithMatchPolicyEquivalent() {
        apply("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gizmos.equivalent.example.com}
                spec:
                  group: equivalent.example.com
                  scope: Namespaced
                  names: {plural: gizmos, singular: gizmo, kind: Gizmo}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                  - name: v1beta1
                    served: true
                    storage: false
                    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: MutatingWebhookConfiguration
                metadata: {name: gizmos-beta}
                webhooks:
                - name: gizmos.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules: [{operations: [CREATE], apiGroups: [equivalent.example.com], apiVersions: [v1beta1], resources: [gizmos]}]
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(webhook.url("/gizmos"), webhook.caBundle()));
        assertThat(kubectl.run("wait", "--for=condition=Established", "--timeout=30s",
                "crd/gizmos.equivalent.example.com").exitCode()).isZero();

        Kubectl.Result created = kubectl.run("""
                apiVersion: equivalent.example.com/v1
                kind: Gizmo
                metadata: {name: g1}
                """.getBytes(), "create", "-f", "-");
        assertThat(created.exitCode()).as(created.all()).isZero();

        JsonNode review = webhook.requests().stream()
                .filter(r -> r.path("requestResource").path("resource").asString("").equals("gizmos"))
                .findFirst().orElseThrow();
        assertThat(review.path("kind").path("version").asString()).isEqualTo("v1beta1");
        assertThat(review.path("resource").path("version").asString()).isEqualTo("v1beta1");
        assertThat(review.path("requestKind").path("version").asString()).isEqualTo("v1");
        assertThat(review.path("requestResource").path("version").asString()).isEqualTo("v1");
        assertThat(review.path("object").path("apiVersion").asString()).isEqualTo("equivalent.example.com/v1beta1");
        Kubectl.Result stored = kubectl.run("get", "gizmos.v1.equivalent.example.com", "g1", "-o",
                "jsonpath={.apiVersion} {.metadata.labels.seen-as}");
        assertThat(stored.out()).as(stored.all()).isEqualTo("equivalent.example.com/v1 equivalent.example.com_v1beta1");
    }

    @Test
    void aCaBundleThatIsNoBase64IsRefusedAndOneThatIsNoPemFailsTheCalls() {
        String configuration = """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: %s}
                webhooks:
                - name: pem.example.com
                  clientConfig: {url: "%s", caBundle: "%s"}
                  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [configmaps]}]
                  objectSelector: {matchLabels: {ca-bundle-test: "yes"}}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """;
        Kubectl.Result refused = kubectl.run(configuration.formatted("not-base64", webhook.url("/validate"), "not base64!")
                .getBytes(), "create", "-f", "-");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("ValidatingWebhookConfiguration in version \"v1\" cannot be handled as a "
                + "ValidatingWebhookConfiguration: illegal base64 data at input byte 3");

        String notPem = java.util.Base64.getEncoder().encodeToString("hello".getBytes());
        Kubectl.Result stored = kubectl.run(configuration.formatted("not-pem", webhook.url("/validate"), notPem)
                .getBytes(), "create", "-f", "-");
        assertThat(stored.exitCode()).as(stored.all()).isZero();
        assertThatThrownBy(() -> client.configMaps().inNamespace(PLAIN).resource(new io.fabric8.kubernetes.api.model
                .ConfigMapBuilder().withNewMetadata().withName("pem").addToLabels("ca-bundle-test", "yes").endMetadata()
                .build()).create()).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage()).isEqualTo("Internal error occurred: failed calling webhook "
                            + "\"pem.example.com\": could not get REST client: unable to load root certificates: "
                            + "unable to parse bytes as PEM block");
                });
        kubectl.run("delete", "validatingwebhookconfiguration", "not-pem");
    }

    @Test
    void execIsAConnectRequestWithItsOptionsAsTheObject() {
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: no-exec}
                webhooks:
                - name: exec.example.com
                  clientConfig: {url: "%s", caBundle: %s}
                  rules: [{operations: [CONNECT], apiGroups: [""], apiVersions: [v1],
                           resources: [pods/exec, pods/portforward]}]
                  namespaceSelector: {matchLabels: {webhooks: "on"}}
                  sideEffects: None
                  admissionReviewVersions: [v1]
                """.formatted(webhook.url("/exec"), webhook.caBundle()));
        client.pods().inNamespace(NAMESPACE).resource(pod("exec-target", Map.of("skip", "yes"))).create();
        try {
            assertThatThrownBy(() -> client.pods().inNamespace(NAMESPACE).withName("exec-target")
                    .inContainer("app").writingOutput(new java.io.ByteArrayOutputStream()).exec("ls", "/")
                    .exitCode().get(30, java.util.concurrent.TimeUnit.SECONDS))
                    // fabric8 reports only that the upgrade was refused, not the Status that says why
                    .hasStackTraceContaining("WebSocketHandshakeException");
            JsonNode review = webhook.requests().stream()
                    .filter(r -> r.path("operation").asString("").equals("CONNECT")).findFirst().orElseThrow();
            assertThat(review.path("kind").path("kind").asString()).isEqualTo("PodExecOptions");
            assertThat(review.path("resource").path("resource").asString()).isEqualTo("pods");
            assertThat(review.path("subResource").asString()).isEqualTo("exec");
            assertThat(review.path("name").asString()).isEqualTo("exec-target");
            assertThat(review.path("object").path("kind").asString()).isEqualTo("PodExecOptions");
            assertThat(review.path("object").path("container").asString()).isEqualTo("app");
            assertThat(review.path("object").path("command").toString()).isEqualTo("[\"ls\",\"/\"]");
            assertThat(review.path("oldObject").isObject()).as("no old object").isFalse();
            assertThat(review.path("userInfo").path("username").asString()).isEqualTo("system:unsecured");

            try (var forward = client.pods().inNamespace(NAMESPACE).withName("exec-target").portForward(80);
                 var connection = new java.net.Socket("127.0.0.1", forward.getLocalPort())) {
                connection.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
                await().atMost(Duration.ofSeconds(30)).until(() -> webhook.requests().stream()
                        .anyMatch(r -> r.path("subResource").asString("").equals("portforward")));
            } catch (java.io.IOException refused) {
                // the forward was refused, as the webhook denies it
            }
            JsonNode forwardReview = webhook.requests().stream()
                    .filter(r -> r.path("subResource").asString("").equals("portforward")).findFirst().orElseThrow();
            assertThat(forwardReview.path("operation").asString()).isEqualTo("CONNECT");
            assertThat(forwardReview.path("object").path("kind").asString()).isEqualTo("PodPortForwardOptions");
            assertThat(forwardReview.path("object").path("ports").toString()).isEqualTo("[80]");
        } finally {
            kubectl.run("delete", "validatingwebhookconfiguration", "no-exec");
        }
    }
}
