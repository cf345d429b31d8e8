package dev.ordinal.it.admission;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.Kubectl;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ValidatingAdmissionPolicies as kubectl and fabric8 meet them: a denied create with upstream's
 * message, a Warn binding's Warning header, an Audit binding's audit annotations (logged, as
 * Ordinal keeps no audit log), params from a ConfigMap, and a deleted binding that no longer
 * enforces. Every policy here matches only namespaces labelled for this test, so the other
 * tests sharing the server are not subject to them.
 */
@ServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidatingAdmissionPolicyIT {

    private static final String NAMESPACE = "vap-it";

    @LocalServerPort
    int port;

    KubernetesClient client;
    Kubectl kubectl;

    @BeforeAll
    void setUp() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .addToLabels("policy-test", "vap").endMetadata().build()).create();
        kubectl = new Kubectl(port, NAMESPACE);
    }

    @AfterAll
    void tearDown() {
        client.resources(io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding.class)
                .withLabel("policy-test", "vap").delete();
        client.resources(io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy.class)
                .withLabel("policy-test", "vap").delete();
        client.close();
    }

    private static String policy(String name, String extraSpec, String validation, String resource) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %s, labels: {policy-test: vap}}
                spec:
                %s  matchConstraints:
                    namespaceSelector: {matchLabels: {policy-test: vap}}
                    resourceRules:
                    - {apiGroups: ["%s"], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [%s]}
                  validations:
                  - %s
                """.formatted(name, extraSpec, resource.endsWith("sets") || resource.equals("deployments") ? "apps" : "",
                resource, validation);
    }

    private static String binding(String name, String policy, String actions, String extraSpec) {
        return """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %s, labels: {policy-test: vap}}
                spec:
                  policyName: %s
                  validationActions: [%s]
                %s""".formatted(name, policy, actions, extraSpec);
    }

    private Kubectl.Result apply(String name, String manifest) {
        Path file = kubectl.file(name + ".yaml", manifest);
        return kubectl.run("create", "-f", file.toString());
    }

    private static StatefulSet statefulSet(String name, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withServiceName("nginx").withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    @Test
    void aDenyBindingRefusesWithUpstreamsMessageAndStopsOnceDeleted() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        assertThat(apply("p1", policy("replicas-limit", "", "expression: object.spec.replicas <= 5", "statefulsets")).out())
                .contains("validatingadmissionpolicy.admissionregistration.k8s.io/replicas-limit created");
        assertThat(apply("b1", binding("replicas-limit-binding", "replicas-limit", "Deny", "")).out())
                .contains("validatingadmissionpolicybinding.admissionregistration.k8s.io/replicas-limit-binding created");
        assertThat(kubectl.run("get", "validatingadmissionpolicies", "replicas-limit").out())
                .containsPattern("(?m)^NAME +VALIDATIONS +PARAMKIND +AGE\\nreplicas-limit +1 +<unset> +");
        assertThat(kubectl.run("get", "validatingadmissionpolicybindings", "replicas-limit-binding").out())
                .containsPattern("(?m)^replicas-limit-binding +replicas-limit +<unset> +");

        Path web = kubectl.file("web.yaml", """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: web}
                spec:
                  serviceName: nginx
                  replicas: 6
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: nginx, image: nginx}]}
                """);
        Kubectl.Result denied = kubectl.run("create", "-f", web.toString());
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.err()).contains("The statefulsets \"web\" is invalid: : ValidatingAdmissionPolicy "
                + "'replicas-limit' with binding 'replicas-limit-binding' denied request: failed expression: "
                + "object.spec.replicas <= 5");

        assertThatThrownBy(() -> client.apps().statefulSets().inNamespace(NAMESPACE)
                .resource(statefulSet("web", 6)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
                    assertThat(e.getStatus().getMessage()).isEqualTo("statefulsets.apps \"web\" is forbidden: "
                            + "ValidatingAdmissionPolicy 'replicas-limit' with binding 'replicas-limit-binding' denied "
                            + "request: failed expression: object.spec.replicas <= 5");
                });
        assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).resource(statefulSet("small", 2)).create())
                .isNotNull();

        assertThat(kubectl.run("delete", "validatingadmissionpolicybinding", "replicas-limit-binding").out())
                .contains("deleted");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(kubectl.run("create", "-f", web.toString()).out()).contains("statefulset.apps/web created"));
    }

    @Test
    void aWarnBindingAdmitsWithAWarningHeader() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        apply("p2", policy("team-label", "", "{expression: \"has(object.metadata.labels) && 'team' in "
                + "object.metadata.labels\", message: every config map needs a team label, reason: Forbidden}",
                "configmaps"));
        apply("b2", binding("team-label-binding", "team-label", "Warn", ""));
        Kubectl.Result created = kubectl.run("create", "configmap", "unlabelled", "--from-literal=a=b");
        assertThat(created.exitCode()).isZero();
        assertThat(created.err()).contains("Warning: Validation failed for ValidatingAdmissionPolicy 'team-label' "
                + "with binding 'team-label-binding': every config map needs a team label");
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("unlabelled").get()).isNotNull();
    }

    @Test
    void paramsComeFromAConfigMap() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("limits").endMetadata().withData(Map.of("maxReplicas", "3")).build()).create();
        apply("p3", policy("param-limit", "  paramKind: {apiVersion: v1, kind: ConfigMap}\n",
                "{expression: \"object.spec.replicas <= int(params.data.maxReplicas)\", messageExpression: "
                        + "\"'replicas must be at most ' + params.data.maxReplicas\"}", "statefulsets"));
        apply("b3", binding("param-limit-binding", "param-limit", "Deny",
                "  paramRef: {name: limits, parameterNotFoundAction: Deny}\n"));
        assertThatThrownBy(() -> client.apps().statefulSets().inNamespace(NAMESPACE)
                .resource(statefulSet("four", 4)).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .isEqualTo("statefulsets.apps \"four\" is forbidden: ValidatingAdmissionPolicy 'param-limit' "
                                + "with binding 'param-limit-binding' denied request: replicas must be at most 3"));
        assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).resource(statefulSet("three", 3)).create())
                .isNotNull();
        client.configMaps().inNamespace(NAMESPACE).withName("limits").delete();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> client.apps().statefulSets().inNamespace(NAMESPACE)
                        .resource(statefulSet("two", 2)).create())
                        .hasMessageContaining("failed to configure binding: no params found for policy binding with "
                                + "`Deny` parameterNotFoundAction"));
    }

    @Test
    void badPoliciesAndBindingsAreRefused() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        Kubectl.Result policy = apply("bad-policy", policy("untyped", "", "expression: object.spec.paused",
                "statefulsets"));
        assertThat(policy.err()).contains("The ValidatingAdmissionPolicy \"untyped\" is invalid: "
                + "spec.validations[0].expression: Invalid value: \"object.spec.paused\": must evaluate to bool but got dyn");
        Kubectl.Result binding = apply("bad-binding", binding("both", "replicas-limit", "Deny, Warn", ""));
        assertThat(binding.err()).contains("spec.validationActions: Invalid value: "
                + "[]admissionregistration.ValidationAction{\"Deny\", \"Warn\"}: must not contain both Deny and Warn "
                + "(repeating the same validation failure information in the API response and headers serves no purpose)");
    }

    @Test
    void anAuditBindingAdmitsAndRecordsTheFailureAndThePolicysAuditAnnotations() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        ListAppender<ILoggingEvent> audit = new ListAppender<>();
        audit.start();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.ordinal.audit");
        logger.addAppender(audit);
        try {
            apply("p5", policy("audited-replicas", """
                      auditAnnotations:
                      - {key: replicas, valueExpression: "'replicas ' + string(object.spec.replicas)"}
                      - {key: nothing, valueExpression: "null"}
                    """, "expression: object.spec.replicas <= 5", "deployments"));
            apply("b5", binding("audited-replicas-binding", "audited-replicas", "Audit", ""));
            assertThat(client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                    .withNewMetadata().withName("audited").endMetadata().withNewSpec().withReplicas(7)
                    .withNewSelector().addToMatchLabels("app", "audited").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "audited").endMetadata()
                    .withNewSpec().addNewContainer().withName("nginx").withImage("nginx").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create()).isNotNull();
            assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                        .isEqualTo("CREATE deployments.apps \"audited\" in namespace vap-it: "
                                + "validation.policy.admission.k8s.io/validation_failure=[{\"message\":\"failed "
                                + "expression: object.spec.replicas <= 5\",\"policy\":\"audited-replicas\",\"binding\":"
                                + "\"audited-replicas-binding\",\"expressionIndex\":0,\"validationActions\":[\"Audit\"]}]"));
            assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("CREATE deployments.apps \"audited\" in namespace vap-it: audited-replicas/replicas=replicas 7")
                    .noneMatch(line -> line.contains("audited-replicas/nothing"));
        } finally {
            logger.detachAppender(audit);
        }
    }

    @Test
    void aFailingAuditAnnotationDeniesUnderFailurePolicyFail() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        apply("p6", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: broken-annotation, labels: {policy-test: vap}}
                spec:
                  matchConstraints:
                    namespaceSelector: {matchLabels: {policy-test: vap}}
                    resourceRules:
                    - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [secrets]}
                  auditAnnotations:
                  - {key: owner, valueExpression: "object.metadata.labels.owner"}
                """);
        apply("b6", binding("broken-annotation-binding", "broken-annotation", "Audit", ""));
        assertThatThrownBy(() -> client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName("unowned").addToLabels("a", "b").endMetadata().build()).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getStatus().getMessage())
                        .isEqualTo("secrets \"unowned\" is forbidden: ValidatingAdmissionPolicy 'broken-annotation' "
                                + "with binding 'broken-annotation-binding' denied request: expression "
                                + "'object.metadata.labels.owner' resulted in error: no such key: owner"));
        assertThat(client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                .withName("owned").addToLabels("owner", "me").endMetadata().build()).create()).isNotNull();
    }

    @Test
    void aPolicyForAnotherVersionOfACustomResourceSeesTheRequestInThatVersion() {
        assumeTrue(Kubectl.installed(), "kubectl is not installed");
        apply("crd7", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: boxes.vap.example.com, labels: {policy-test: vap}}
                spec:
                  group: vap.example.com
                  scope: Namespaced
                  names: {plural: boxes, singular: box, kind: Box}
                  versions:
                  - {name: v1, served: true, storage: true,
                     schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
                  - {name: v1beta1, served: true, storage: false,
                     schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
                """);
        assertThat(kubectl.run("wait", "--for=condition=Established", "--timeout=30s", "crd/boxes.vap.example.com")
                .exitCode()).isZero();
        apply("p7", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: small-boxes, labels: {policy-test: vap}}
                spec:
                  matchConstraints:
                    namespaceSelector: {matchLabels: {policy-test: vap}}
                    resourceRules:
                    - {apiGroups: [vap.example.com], apiVersions: [v1beta1], operations: [CREATE], resources: [boxes]}
                  validations:
                  - expression: object.spec.size <= 3
                    messageExpression: "'seen as ' + object.apiVersion + ', asked as ' + request.requestKind.version"
                """);
        apply("b7", binding("small-boxes-binding", "small-boxes", "Deny", ""));
        Kubectl.Result denied = kubectl.run("""
                apiVersion: vap.example.com/v1
                kind: Box
                metadata: {name: big}
                spec: {size: 5}
                """.getBytes(), "create", "-f", "-");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.err()).contains("ValidatingAdmissionPolicy 'small-boxes' with binding 'small-boxes-binding' "
                + "denied request: seen as vap.example.com/v1beta1, asked as v1");
    }
}
