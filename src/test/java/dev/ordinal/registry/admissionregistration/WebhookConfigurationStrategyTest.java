package dev.ordinal.registry.admissionregistration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.RegistrySteps;

class WebhookConfigurationStrategyTest {

    private final RegistrySteps validating =
            new RegistrySteps(new WebhookConfigurationResources().validatingWebhookConfigurations());
    private final RegistrySteps mutating =
            new RegistrySteps(new WebhookConfigurationResources().mutatingWebhookConfigurations());

    private static String configuration(String webhook) {
        return """
                {"metadata": {"name": "policy"}, "webhooks": [%s]}""".formatted(webhook);
    }

    @Test
    void aWebhookGetsTheV1Defaults() {
        Unstructured created = mutating.created(configuration("""
                {"name": "m.example.com", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                 "clientConfig": {"service": {"name": "hook", "namespace": "default"}},
                 "rules": [{"operations": ["CREATE"], "apiGroups": [""], "apiVersions": ["v1"], "resources": ["pods"]}]}"""));

        var webhook = created.json().path("webhooks").path(0);
        assertThat(webhook.path("failurePolicy").asString()).isEqualTo("Fail");
        assertThat(webhook.path("matchPolicy").asString()).isEqualTo("Equivalent");
        assertThat(webhook.path("timeoutSeconds").asInt()).isEqualTo(10);
        assertThat(webhook.path("reinvocationPolicy").asString()).isEqualTo("Never");
        assertThat(webhook.path("namespaceSelector").isObject()).isTrue();
        assertThat(webhook.path("objectSelector").isObject()).isTrue();
        assertThat(webhook.path("rules").path(0).path("scope").asString()).isEqualTo("*");
        assertThat(webhook.path("clientConfig").path("service").path("port").asInt()).isEqualTo(443);
        assertThat(created.generation()).isEqualTo(1);
    }

    @Test
    void sideEffectsTimeoutAndUrlAreCheckedAsUpstream() {
        assertThat(validating.createErrors(configuration("""
                {"name": "v.example.com", "sideEffects": "Some", "admissionReviewVersions": ["v1"],
                 "timeoutSeconds": 31, "clientConfig": {"url": "http://127.0.0.1:9443/validate"}}"""))).containsExactly(
                "webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"",
                "webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds",
                "webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; "
                        + "desired format: https://host[/path]");
    }

    @Test
    void requiredFieldsNamesAndReviewVersions() {
        assertThat(validating.createErrors(configuration("""
                {"name": "deny", "clientConfig": {}}, {"name": "deny", "sideEffects": "None",
                 "admissionReviewVersions": ["v2"], "clientConfig": {"url": "https://a/b?c=d"}}"""))).containsExactly(
                "webhooks[0].name: Invalid value: \"deny\": should be a domain with at least three segments "
                        + "separated by dots",
                "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun",
                "webhooks[0].clientConfig: Required value: exactly one of url or service is required",
                "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1",
                "webhooks[1].name: Invalid value: \"deny\": should be a domain with at least three segments "
                        + "separated by dots",
                "webhooks[1].clientConfig.url: Invalid value: \"c=d\": query parameters are not permitted in the URL",
                "webhooks[1].admissionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of "
                        + "v1, v1beta1",
                "webhooks[1].name: Duplicate value: \"deny\"");
    }

    @Test
    void rulesAndServicesAreCheckedAsUpstream() {
        assertThat(mutating.createErrors(configuration("""
                {"name": "m.example.com", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                 "reinvocationPolicy": "Always",
                 "clientConfig": {"service": {"name": "hook", "namespace": "default", "path": "hook", "port": 0}},
                 "rules": [{"operations": ["*", "CREATE"], "apiGroups": ["*", "apps"], "apiVersions": ["v1"],
                            "resources": ["*/*", "pods"], "scope": "Everywhere"},
                           {"operations": [], "apiGroups": [], "apiVersions": [], "resources": []}]}"""))).containsExactly(
                "webhooks[0].rules[0].operations: Invalid value: []admissionregistration.OperationType{\"*\", "
                        + "\"CREATE\"}: if '*' is present, must not specify other operations",
                "webhooks[0].rules[0].apiGroups: Invalid value: []string{\"*\", \"apps\"}: if '*' is present, must "
                        + "not specify other API groups",
                "webhooks[0].rules[0].resources: Invalid value: []string{\"*/*\", \"pods\"}: if '*/*' is present, "
                        + "must not specify other resources",
                "webhooks[0].rules[0].scope: Unsupported value: \"Everywhere\": supported values: \"*\", \"Cluster\", "
                        + "\"Namespaced\"",
                "webhooks[0].rules[1].operations: Required value",
                "webhooks[0].rules[1].apiGroups: Required value",
                "webhooks[0].rules[1].apiVersions: Required value",
                "webhooks[0].rules[1].resources: Required value",
                "webhooks[0].clientConfig.service.port: Invalid value: 0: port is not valid: must be between 1 and "
                        + "65535, inclusive",
                "webhooks[0].clientConfig.service.path: Invalid value: \"hook\": must start with a '/'",
                "webhooks[0].reinvocationPolicy: Unsupported value: \"Always\": supported values: \"IfNeeded\", "
                        + "\"Never\"");
    }

    @Test
    void theGenerationCountsChangesOfTheWebhooks() {
        Unstructured created = validating.created(configuration(""));
        Unstructured relabelled = validating.updated(created, RegistrySteps.edited(created,
                json -> json.withObject("metadata").withObject("labels").put("a", "b")));
        assertThat(relabelled.generation()).isEqualTo(1);
        Unstructured changed = validating.updated(relabelled, RegistrySteps.edited(relabelled,
                json -> json.set("webhooks", RegistrySteps.tree("""
                        [{"name": "v.example.com", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                          "clientConfig": {"url": "https://h/"}}]"""))));
        assertThat(changed.generation()).isEqualTo(2);
    }

    @Test
    void matchConditionsAreCountedNamedAndCompiledAsUpstream() {
        String webhook = """
                {"name": "v.example.com", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                 "clientConfig": {"url": "https://hook/validate"}, "matchConditions": [%s]}""";
        assertThat(validating.createErrors(configuration(webhook.formatted("""
                {"name": "a", "expression": "object.metadata.name == 'x'"},
                {"name": "a", "expression": "params.x == 1"},
                {"name": "Not Qualified!", "expression": "object.metadata.name"},
                {"name": "c", "expression": " "}""")))).containsExactly(
                "webhooks[0].matchConditions[1].expression: Invalid value: \"params.x == 1\": compilation failed: "
                        + "ERROR: <input>:1:1: undeclared reference to 'params' (in container '')\n"
                        + " | params.x == 1\n | ^",
                "webhooks[0].matchConditions[1].name: Duplicate value: \"a\"",
                "webhooks[0].matchConditions[2].expression: Invalid value: \"object.metadata.name\": "
                        + "must evaluate to bool but got dyn",
                "webhooks[0].matchConditions[2].name: Invalid value: \"Not Qualified!\": name part must consist of "
                        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
                        + "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                        + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "webhooks[0].matchConditions[3].expression: Required value");
        String many = String.join(",", java.util.stream.IntStream.range(0, 65)
                .mapToObj(i -> "{\"name\": \"c" + i + "\", \"expression\": \"true\"}").toList());
        assertThat(validating.createErrors(configuration(webhook.formatted(many)))).containsExactly(
                "webhooks[0].matchConditions: Too many: 65: must have at most 64 items");
    }

    /** Upstream checks matchConditions again only when some changed, so a stored one keeps working. */
    @Test
    void unchangedMatchConditionsAreNotCheckedAgainOnUpdate() {
        WebhookConfigurationStrategy strategy = new WebhookConfigurationStrategy(false);
        String stored = configuration("""
                {"name": "v.example.com", "sideEffects": "None", "admissionReviewVersions": ["v1"],
                 "clientConfig": {"url": "https://hook/validate"},
                 "matchConditions": [{"name": "old", "expression": "params.legacy"}]}""");
        Unstructured old = RegistrySteps.object(stored);
        assertThat(strategy.validateUpdate(RegistrySteps.object(stored.replace("hook/validate", "hook/v2")), old))
                .isEmpty();
        assertThat(strategy.validateUpdate(RegistrySteps.object(stored.replace("\"old\"", "\"new\"")), old))
                .singleElement().asString().startsWith("webhooks[0].matchConditions[0].expression: Invalid value: "
                        + "\"params.legacy\": compilation failed:");
    }
}
