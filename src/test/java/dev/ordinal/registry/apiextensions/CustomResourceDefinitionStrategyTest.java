package dev.ordinal.registry.apiextensions;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

/** A CRD's defaults, status on create and update, and its validation with upstream's paths and messages. */
class CustomResourceDefinitionStrategyTest {

    private final CustomResourceDefinitionStrategy strategy = new CustomResourceDefinitionStrategy();

    private static Unstructured crd(String yaml) {
        return new Unstructured((ObjectNode) YAMLMapper.builder().build().readTree(yaml));
    }

    private static final String VALID = """
            metadata: {name: crontabs.stable.example.com}
            spec:
              group: stable.example.com
              scope: Namespaced
              names: {plural: crontabs, kind: CronTab}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object}}
            """;

    private List<String> created(String yaml) {
        Unstructured crd = crd(yaml);
        strategy.applyDefaults(crd);
        strategy.prepareForCreate(crd);
        return strategy.validate(crd).stream().map(FieldError::toString).toList();
    }

    @Test
    void aValidCrdIsDefaultedAndStartsWithItsStorageVersionStored() {
        Unstructured crd = crd(VALID);
        strategy.applyDefaults(crd);
        strategy.prepareForCreate(crd);
        assertThat(strategy.validate(crd)).isEmpty();
        assertThat(crd.json().path("spec").path("names").path("singular").asString()).isEqualTo("crontab");
        assertThat(crd.json().path("spec").path("names").path("listKind").asString()).isEqualTo("CronTabList");
        assertThat(crd.json().path("spec").path("conversion").path("strategy").asString()).isEqualTo("None");
        assertThat(crd.json().path("status").toString()).isEqualTo("{\"conditions\":null,\"acceptedNames\":"
                + "{\"plural\":\"\",\"kind\":\"\"},\"storedVersions\":[\"v1\"]}");
    }

    @Test
    void namesGroupScopeAndSchemaAreCheckedWithUpstreamsMessages() {
        assertThat(created(VALID.replace("name: crontabs.stable.example.com", "name: crontab.stable.example.com")))
                .containsExactly("metadata.name: Invalid value: \"crontab.stable.example.com\": must be "
                        + "spec.names.plural+\".\"+spec.group");
        assertThat(created(VALID.replace("stable.example.com", "example").replace("crontabs.example", "crontabs.example")))
                .contains("spec.group: Invalid value: \"example\": should be a domain with at least one dot");
        assertThat(created(VALID.replace("scope: Namespaced", "scope: Everywhere"))).containsExactly(
                "spec.scope: Unsupported value: \"Everywhere\": supported values: \"Cluster\", \"Namespaced\"");
        assertThat(created(VALID.replace("kind: CronTab}", "kind: CronTab, listKind: CronTab}"))).containsExactly(
                "spec.names.listKind: Invalid value: \"CronTab\": kind and listKind may not be the same");
        assertThat(created(VALID.replace("storage: true", "storage: false"))).containsExactly(
                "spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{apiextensions."
                        + "CustomResourceDefinitionVersion{Name:\"v1\", Served:true, Storage:false}}: must have exactly "
                        + "one version marked as storage version",
                "status.storedVersions: Invalid value: []string(nil): must have at least one stored version");
        assertThat(created(VALID.replace("{type: object}", "{type: string}"))).containsExactly(
                "spec.validation.openAPIV3Schema.type: Invalid value: \"string\": must be object at the root");
    }

    @Test
    void anUpdateAppendsTheNewStorageVersionAndKeepsGroupAndPluralFixed() {
        Unstructured old = crd(VALID);
        strategy.applyDefaults(old);
        strategy.prepareForCreate(old);
        Unstructured updated = crd(VALID.replace("stable.example.com\n", "other.example.com\n")
                .replace("- name: v1\n    served: true\n    storage: true", "- name: v1\n    served: true\n    storage: false\n"
                        + "  - name: v2\n    served: true\n    storage: true\n    schema: {openAPIV3Schema: {type: object}}"));
        updated.json().set("status", old.json().get("status").deepCopy());
        strategy.applyDefaults(updated);
        strategy.prepareForUpdate(updated, old);
        assertThat(updated.json().path("status").path("storedVersions").toString()).isEqualTo("[\"v1\",\"v2\"]");
        assertThat(strategy.validateUpdate(updated, old).stream().map(FieldError::toString))
                .contains("spec.group: Invalid value: \"other.example.com\": field is immutable");
    }

    @Test
    void celRulesThatDoNotCompileAreRefusedOnceUnderTheInternalSchemaPath() {
        String rule = VALID.replace("schema: {openAPIV3Schema: {type: object}}", """
                schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties: {replicas: {type: integer}}
                            x-kubernetes-validations:
                            - {rule: "RULE", reason: Bad}
                """);
        assertThat(created(rule.replace("RULE", "self.replicas <= 10"))).containsExactly(
                "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].reason: Unsupported value: "
                        + "\"Bad\": supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", "
                        + "\"FieldValueInvalid\", \"FieldValueRequired\"");
        List<String> errors = created(rule.replace("RULE", "self.nope > 1").replace(", reason: Bad", ""));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0]"
                + ".rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.nope > 1\"")
                .contains(": compilation failed: ERROR: <input>:1:5: undefined field 'nope'");
        assertThat(created(rule.replace("RULE", "self.replicas").replace(", reason: Bad", "")))
                .singleElement().asString().endsWith(": cel expression must evaluate to a bool");
    }
}
