package dev.ordinal.registry.admission.webhook;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.admission.Operation;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.MemoryObjectStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which requests call a webhook: upstream's rules, scopes, namespace and object selectors. */
class WebhookMatcherTest {

    private static final ResourceDefinition PODS = ResourceDefinition.builder("", "v1", "Pod", "pods").build();
    private static final ResourceDefinition NAMESPACES =
            ResourceDefinition.builder("", "v1", "Namespace", "namespaces").clusterScoped().build();
    private static final ResourceDefinition NODES =
            ResourceDefinition.builder("", "v1", "Node", "nodes").clusterScoped().build();
    private static final ResourceDefinition STATEFULSETS =
            ResourceDefinition.builder("apps", "v1", "StatefulSet", "statefulsets").build();

    private final MemoryObjectStore store = new MemoryObjectStore();
    private final WebhookMatcher matcher = new WebhookMatcher(store, resource -> List.of());

    private boolean calls(Webhook webhook, AdmissionAttributes attributes) {
        return matcher.match(webhook, attributes).isPresent();
    }

    private static Webhook webhook(String json) {
        return Webhook.of("config", 0, JsonMapper.shared().readTree(json));
    }

    private static Webhook rule(String operations, String groups, String resources, String scope) {
        return webhook("""
                {"name": "w.example.com", "rules": [{"operations": [%s], "apiGroups": [%s], "apiVersions": ["*"],
                 "resources": [%s], "scope": "%s"}]}""".formatted(operations, groups, resources, scope));
    }

    private static Unstructured object(String name, String labels) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(
                "{\"metadata\": {\"name\": \"" + name + "\", \"labels\": " + labels + "}}"));
    }

    private static AdmissionAttributes request(Operation operation, ResourceDefinition definition, String subresource,
                                               String namespace, Unstructured object, Unstructured old) {
        return new AdmissionAttributes(operation, definition, subresource, namespace, "x", object, old, false);
    }

    private static AdmissionAttributes createPod(String subresource) {
        return request(Operation.CREATE, PODS, subresource, "default", object("x", "{}"), null);
    }

    private void namespace(String name, String labels) {
        store.create(new dev.ordinal.machinery.GroupResource("", "namespaces"), object(name, labels), false);
    }

    @Test
    void resourcesMatchTheObjectOrItsSubresourcesAsUpstreamSplitsThem() {
        namespace("default", "{}");
        assertThat(calls(rule("\"CREATE\"", "\"\"", "\"pods\"", "*"), createPod(""))).isTrue();
        assertThat(calls(rule("\"CREATE\"", "\"\"", "\"pods\"", "*"), createPod("status"))).isFalse();
        assertThat(calls(rule("\"CREATE\"", "\"\"", "\"pods/*\"", "*"), createPod("status"))).isTrue();
        // Upstream's "*" subresource matches no subresource too.
        assertThat(calls(rule("\"CREATE\"", "\"\"", "\"pods/*\"", "*"), createPod(""))).isTrue();
        assertThat(calls(rule("\"CREATE\"", "\"\"", "\"*\"", "*"), createPod("status"))).isFalse();
        assertThat(calls(rule("\"CREATE\"", "\"\"", "\"*/status\"", "*"), createPod("status"))).isTrue();
        assertThat(calls(rule("\"CREATE\"", "\"\"", "\"*/*\"", "*"), createPod("binding"))).isTrue();
    }

    @Test
    void operationsAndGroupsMatchExactlyOrByWildcard() {
        namespace("default", "{}");
        assertThat(calls(rule("\"UPDATE\"", "\"\"", "\"pods\"", "*"), createPod(""))).isFalse();
        assertThat(calls(rule("\"*\"", "\"\"", "\"pods\"", "*"), createPod(""))).isTrue();
        assertThat(calls(rule("\"*\"", "\"apps\"", "\"pods\"", "*"), createPod(""))).isFalse();
        assertThat(calls(rule("\"*\"", "\"*\"", "\"statefulsets\"", "*"),
                request(Operation.DELETE, STATEFULSETS, "", "default", null, object("x", "{}")))).isTrue();
    }

    @Test
    void scopesSeparateNamespacedRequestsFromClusterOnesAndNamespacesCountAsCluster() {
        namespace("default", "{}");
        AdmissionAttributes node = request(Operation.CREATE, NODES, "", "", object("n", "{}"), null);
        AdmissionAttributes namespace = request(Operation.CREATE, NAMESPACES, "", "", object("ns", "{}"), null);
        assertThat(calls(rule("\"*\"", "\"\"", "\"*\"", "Namespaced"), createPod(""))).isTrue();
        assertThat(calls(rule("\"*\"", "\"\"", "\"*\"", "Namespaced"), node)).isFalse();
        assertThat(calls(rule("\"*\"", "\"\"", "\"*\"", "Namespaced"), namespace)).isFalse();
        assertThat(calls(rule("\"*\"", "\"\"", "\"*\"", "Cluster"), namespace)).isTrue();
        assertThat(calls(rule("\"*\"", "\"\"", "\"*\"", "Cluster"), createPod(""))).isFalse();
    }

    @Test
    void theNamespaceSelectorReadsTheRequestsNamespaceOrTheNamespaceBeingWritten() {
        namespace("on", "{\"webhooks\": \"on\"}");
        namespace("off", "{}");
        Webhook selective = webhook("""
                {"name": "w.example.com", "namespaceSelector": {"matchLabels": {"webhooks": "on"}},
                 "rules": [{"operations": ["*"], "apiGroups": ["*"], "apiVersions": ["*"], "resources": ["*"]}]}""");

        assertThat(calls(selective, request(Operation.CREATE, PODS, "", "on", object("p", "{}"), null)))
                .isTrue();
        assertThat(calls(selective, request(Operation.CREATE, PODS, "", "off", object("p", "{}"), null)))
                .isFalse();
        assertThat(calls(selective, request(Operation.CREATE, NODES, "", "", object("n", "{}"), null)))
                .as("other cluster-scoped requests are never excluded").isTrue();
        assertThat(calls(selective, request(Operation.CREATE, NAMESPACES, "", "",
                object("new", "{\"webhooks\": \"on\"}"), null))).isTrue();
        assertThatThrownBy(() -> calls(selective,
                request(Operation.CREATE, PODS, "", "missing", object("p", "{}"), null)))
                .isInstanceOfSatisfying(StatusError.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void theObjectSelectorMatchesTheNewOrTheOldObject() {
        namespace("default", "{}");
        Webhook selective = webhook("""
                {"name": "w.example.com", "objectSelector": {"matchLabels": {"app": "web"}},
                 "rules": [{"operations": ["*"], "apiGroups": ["*"], "apiVersions": ["*"], "resources": ["*"]}]}""");
        Unstructured web = object("p", "{\"app\": \"web\"}");
        Unstructured other = object("p", "{\"app\": \"db\"}");

        assertThat(calls(selective, request(Operation.UPDATE, PODS, "", "default", other, web))).isTrue();
        assertThat(calls(selective, request(Operation.UPDATE, PODS, "", "default", web, other))).isTrue();
        assertThat(calls(selective, request(Operation.UPDATE, PODS, "", "default", other, other)))
                .isFalse();
        assertThat(calls(selective, request(Operation.DELETE, PODS, "", "default", null, web))).isTrue();
    }

    @Test
    void aRefusalCarriesTheWebhooksStatusAtLeast400() {
        io.fabric8.kubernetes.api.model.Status forbidden = new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403).withReason("Forbidden").withMessage("nope").build();
        StatusError denied = WebhookOutcomes.denied("deny.example.com", forbidden);
        assertThat(denied.code()).isEqualTo(403);
        assertThat(denied.getMessage()).isEqualTo("admission webhook \"deny.example.com\" denied the request: nope");

        StatusError bare = WebhookOutcomes.denied("deny.example.com", null);
        assertThat(bare.code()).isEqualTo(400);
        assertThat(bare.getMessage())
                .isEqualTo("admission webhook \"deny.example.com\" denied the request without explanation");
        assertThat(bare.toStatus().has("reason")).isFalse();

        StatusError lowCode = WebhookOutcomes.denied("deny.example.com", new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(200).withReason("NotAllowed").build());
        assertThat(lowCode.code()).isEqualTo(400);
        assertThat(lowCode.getMessage()).isEqualTo("admission webhook \"deny.example.com\" denied the request: NotAllowed");
    }

    @Test
    void aDryRunMayOnlyCallWebhooksWithoutSideEffects() {
        Webhook some = webhook("{\"name\": \"s.example.com\", \"sideEffects\": \"Some\"}");
        Webhook none = webhook("{\"name\": \"n.example.com\", \"sideEffects\": \"NoneOnDryRun\"}");
        WebhookOutcomes.checkDryRun(none, true);
        WebhookOutcomes.checkDryRun(some, false);
        assertThatThrownBy(() -> WebhookOutcomes.checkDryRun(some, true))
                .isInstanceOfSatisfying(StatusError.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("admission webhook \"s.example.com\" does not support dry run");
                });
    }

    @Test
    void matchConditionsSkipTheWebhookOrFailTheRequestAsItsFailurePolicySays() {
        namespace("default", "{}");
        String conditions = """
                {"name": "w.example.com", "failurePolicy": "%s", "rules": [{"operations": ["*"], "apiGroups": [""],
                 "apiVersions": ["*"], "resources": ["pods"], "scope": "*"}],
                 "matchConditions": [{"name": "labelled", "expression": "object.metadata.labels.tier == 'web'"}]}""";
        Webhook failing = webhook(conditions.formatted("Fail"));
        assertThat(calls(failing, request(Operation.CREATE, PODS, "", "default",
                object("x", "{\"tier\": \"web\"}"), null))).isTrue();
        assertThat(calls(failing, request(Operation.CREATE, PODS, "", "default",
                object("x", "{\"tier\": \"db\"}"), null))).isFalse();
        assertThatThrownBy(() -> calls(failing, createPod("")))
                .isInstanceOfSatisfying(StatusError.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("pods \"x\" is forbidden: expression "
                            + "'object.metadata.labels.tier == 'web'' resulted in error: no such key: tier");
                });
        assertThat(calls(webhook(conditions.formatted("Ignore")), createPod(""))).isFalse();
    }

    @Test
    void matchPolicyEquivalentMatchesAnotherServedVersionAndConvertsTheRequestToIt() {
        ResourceDefinition v1 = ResourceDefinition.builder("stable.example.com", "v1", "CronTab", "crontabs").build();
        ResourceDefinition v1beta1 = ResourceDefinition.builder("stable.example.com", "v1beta1", "CronTab", "crontabs")
                .build();
        WebhookMatcher versioned = new WebhookMatcher(store, resource -> List.of(v1, v1beta1));
        String rule = """
                {"name": "w.example.com", "matchPolicy": "%s", "rules": [{"operations": ["CREATE"],
                 "apiGroups": ["stable.example.com"], "apiVersions": ["v1beta1"], "resources": ["crontabs"]}]}""";
        Unstructured cronTab = new Unstructured((ObjectNode) JsonMapper.shared().readTree(
                "{\"apiVersion\": \"stable.example.com/v1\", \"kind\": \"CronTab\", \"metadata\": {\"name\": \"x\"}}"));
        AdmissionAttributes request = request(Operation.CREATE, v1, "", "default", cronTab, null);

        AdmissionAttributes matched = versioned.match(webhook(rule.formatted("Equivalent")), request).orElseThrow();
        assertThat(matched.definition()).isEqualTo(v1beta1);
        assertThat(matched.requestDefinition()).isEqualTo(v1);
        assertThat(matched.object().apiVersion()).isEqualTo("stable.example.com/v1beta1");
        assertThat(cronTab.apiVersion()).as("the request's own object stays as it is").isEqualTo("stable.example.com/v1");
        assertThat(versioned.match(webhook(rule.formatted("Exact")), request)).isEmpty();
    }
}
