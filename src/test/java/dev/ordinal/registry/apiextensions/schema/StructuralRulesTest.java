package dev.ordinal.registry.apiextensions.schema;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.ordinal.machinery.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes a CRD's schema refused, with upstream's paths and messages. */
class StructuralRulesTest {

    private static final String ROOT = "spec.validation.openAPIV3Schema";

    private static List<String> errors(String yaml) {
        return StructuralRules.validate(YAMLMapper.builder().build().readTree(yaml), ROOT).stream()
                .map(FieldError::toString).toList();
    }

    @Test
    void aStructuralSchemaIsAccepted() {
        assertThat(errors("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      replicas: {type: integer, default: 1}
                      port:
                        x-kubernetes-int-or-string: true
                        anyOf: [{type: integer}, {type: string}]
                      free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                """)).isEmpty();
    }

    @Test
    void nonStructuralSchemasAreRefused() {
        assertThat(errors("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      image: {minLength: 3}
                      tags: {type: array}
                      set: {type: array, uniqueItems: true, items: {type: string}}
                      any:
                        type: object
                        x-kubernetes-preserve-unknown-fields: false
                """)).containsExactlyInAnyOrder(
                ROOT + ".properties[spec].properties[image].type: Required value: must not be empty for specified object fields",
                ROOT + ".properties[spec].properties[tags].items: Required value: must be specified",
                ROOT + ".properties[spec].properties[set].uniqueItems: Forbidden: uniqueItems cannot be set to true "
                        + "since the runtime complexity becomes quadratic",
                ROOT + ".properties[spec].properties[any].x-kubernetes-preserve-unknown-fields: Invalid value: false: "
                        + "must be true or undefined");
        assertThat(errors("type: string")).containsExactly(ROOT + ".type: Invalid value: \"string\": must be object at the root");
        assertThat(errors("""
                type: object
                properties:
                  spec:
                    type: object
                    properties: {a: {type: string}}
                    additionalProperties: {type: string}
                """)).containsExactly(ROOT + ".properties[spec].additionalProperties: Forbidden: additionalProperties "
                + "and properties are mutual exclusive");
    }

    @Test
    void listMapKeysMustBeRequiredOrDefaulted() {
        assertThat(errors("""
                type: object
                properties:
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      properties:
                        name: {type: string}
                """)).containsExactly(ROOT + ".properties[ports].items.properties[name].default: Required value: this "
                + "property is in x-kubernetes-list-map-keys, so it must have a default or be a required property");
    }

    @Test
    void defaultsMustPassTheirSchema() {
        assertThat(errors("""
                type: object
                properties:
                  replicas: {type: integer, minimum: 1, default: 0}
                  spec:
                    type: object
                    properties: {a: {type: string}}
                    default: {b: 1}
                """)).containsExactlyInAnyOrder(
                ROOT + ".properties[replicas].default: Invalid value: 0: " + ROOT
                        + ".properties[replicas].default in body should be greater than or equal to 1",
                ROOT + ".properties[spec].default: Invalid value: {\"b\":1}: must not have unknown fields");
    }
}
