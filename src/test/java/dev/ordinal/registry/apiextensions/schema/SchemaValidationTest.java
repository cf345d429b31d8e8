package dev.ordinal.registry.apiextensions.schema;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.ordinal.machinery.FieldError;

import static org.assertj.core.api.Assertions.assertThat;

/** A structural schema at work on values: pruning, defaulting and validation, with upstream's messages. */
class SchemaValidationTest {

    private static final StructuralSchema SCHEMA = StructuralSchema.of(YAMLMapper.builder().build().readTree("""
            type: object
            properties:
              spec:
                type: object
                required: [cronSpec]
                properties:
                  cronSpec:
                    type: string
                    pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                  image: {type: string, minLength: 3, maxLength: 20}
                  replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
                  ratio: {type: number, exclusiveMaximum: true, maximum: 1, multipleOf: 0.25}
                  color: {type: string, enum: [red, green]}
                  tags:
                    type: array
                    maxItems: 3
                    x-kubernetes-list-type: set
                    items: {type: string}
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      required: [name]
                      properties:
                        name: {type: string}
                        port: {type: integer, default: 80}
                  when: {type: string, format: date-time}
                  port: {x-kubernetes-int-or-string: true}
                  labels: {type: object, maxProperties: 2, additionalProperties: {type: string}}
                  note: {type: string, nullable: true}
                  extra:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      typed:
                        type: object
                        properties:
                          kept: {type: string}
              status:
                type: object
            """));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static List<String> errors(String spec) {
        ObjectNode object = (ObjectNode) JSON.readTree("{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\","
                + "\"metadata\":{\"name\":\"ct1\"},\"spec\":" + spec + "}");
        Defaulting.apply(object, SCHEMA);
        return SchemaValidation.validate(object, SCHEMA, "").stream().map(FieldError::toString).toList();
    }

    @Test
    void aValidObjectHasNoErrors() {
        assertThat(errors("""
                {"cronSpec": "* * * * */5", "image": "nginx", "replicas": 3, "ratio": 0.5, "color": "red",
                 "tags": ["a", "b"], "ports": [{"name": "http"}], "when": "2024-01-02T03:04:05Z", "port": "http",
                 "labels": {"a": "b"}, "note": null}""")).isEmpty();
    }

    @Test
    void eachKeywordFailsWithUpstreamsMessage() {
        assertThat(errors("{\"image\": \"x\"}")).contains("spec.cronSpec: Required value",
                "spec.image: Invalid value: \"x\": spec.image in body should be at least 3 chars long");
        assertThat(errors("{\"cronSpec\": \"bad\"}")).containsExactly("spec.cronSpec: Invalid value: \"bad\": "
                + "spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"image\": \"abcdefghijklmnopqrstu\"}"))
                .containsExactly("spec.image: Too long: may not be more than 20 bytes");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"replicas\": 11}")).containsExactly(
                "spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"replicas\": 0}")).containsExactly(
                "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"replicas\": \"3\"}")).containsExactly(
                "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"ratio\": 1}")).containsExactly(
                "spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"ratio\": 0.3}")).containsExactly(
                "spec.ratio: Invalid value: 0.3: spec.ratio in body should be a multiple of 0.25");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"color\": \"pink\"}")).containsExactly(
                "spec.color: Unsupported value: \"pink\": supported values: \"red\", \"green\"");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"tags\": [\"a\", \"b\", \"c\", \"d\"]}")).containsExactly(
                "spec.tags: Too many: 4: must have at most 3 items");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"tags\": [\"a\", \"a\"]}")).containsExactly(
                "spec.tags[1]: Duplicate value: \"a\"");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"ports\": [{\"name\": \"http\"}, {\"name\": \"http\", "
                + "\"port\": 81}]}")).containsExactly(
                "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"when\": \"yesterday\"}")).containsExactly(
                "spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"port\": true}")).containsExactly(
                "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"labels\": {\"a\": \"1\", \"b\": \"2\", \"c\": \"3\"}}"))
                .containsExactly("spec.labels: Too many: 3: must have at most 2 items");
        assertThat(errors("{\"cronSpec\": \"* * * * *\", \"image\": null}")).containsExactly(
                "spec.image: Invalid value: \"null\": spec.image in body must be of type string: \"null\"");
    }

    @Test
    void typeErrorsAndMissingValuesAreBlocking() {
        assertThat(SchemaValidation.blocking(List.of(FieldError.required("spec.x", "")))).isTrue();
        assertThat(SchemaValidation.blocking(List.of(FieldError.invalid("spec.x", 1, "should be greater")))).isFalse();
    }

    @Test
    void defaultsFillMissingAndNonNullableNullValuesTopDown() {
        ObjectNode object = (ObjectNode) JSON.readTree("""
                {"spec": {"cronSpec": "* * * * *", "replicas": null, "ports": [{"name": "http"}]}}""");
        Defaulting.apply(object, SCHEMA);
        assertThat(object.path("spec").path("replicas").asInt()).isEqualTo(1);
        assertThat(object.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(80);
    }

    @Test
    void pruningDropsUnknownFieldsButKeepsWhatIsPreservedAndTheResourceFields() {
        ObjectNode object = (ObjectNode) JSON.readTree("""
                {"apiVersion": "stable.example.com/v1", "kind": "CronTab", "metadata": {"name": "ct1"},
                 "spec": {"cronSpec": "* * * * *", "bogus": 1, "ports": [{"name": "http", "what": 2}],
                          "extra": {"anything": {"goes": true}, "typed": {"kept": "x", "dropped": "y"}}},
                 "status": {"free": 1}, "other": {}}""");
        List<String> pruned = Pruning.pruneResource(object, SCHEMA);
        assertThat(pruned).containsExactlyInAnyOrder("spec.bogus", "spec.ports[0].what", "spec.extra.typed.dropped",
                "status.free", "other");
        JsonNode spec = object.path("spec");
        assertThat(spec.has("bogus")).isFalse();
        assertThat(spec.path("extra").path("anything").path("goes").asBoolean()).isTrue();
        assertThat(spec.path("extra").path("typed").has("dropped")).isFalse();
        assertThat(object.path("metadata").path("name").asString()).isEqualTo("ct1");
        assertThat(object.path("status").isEmpty()).isTrue();
    }

    @Test
    void anUpdateReportsNoErrorsOfValuesUnchangedFromTheOldObject() {
        JsonNode old = JSON.readTree("""
                {"spec": {"cronSpec": "bad", "image": "x", "ports": [{"name": "a", "port": 0.5}],
                 "tags": ["a", "a"]}}""");
        JsonNode unchangedButImage = JSON.readTree("""
                {"spec": {"cronSpec": "bad", "image": "y", "ports": [{"name": "a", "port": 0.5}],
                 "tags": ["a", "a"]}}""");
        assertThat(SchemaValidation.validateUpdate(unchangedButImage, old, SCHEMA, "").stream()
                .map(FieldError::toString)).containsExactly(
                        "spec.image: Invalid value: \"y\": spec.image in body should be at least 3 chars long");
        JsonNode reordered = JSON.readTree("""
                {"spec": {"cronSpec": "bad", "image": "x", "ports": [{"name": "b", "port": 1}, {"name": "a", "port": 0.5}],
                 "tags": ["a", "a", "b"]}}""");
        assertThat(SchemaValidation.validateUpdate(reordered, old, SCHEMA, "").stream().map(FieldError::toString))
                .containsExactly("spec.tags[1]: Duplicate value: \"a\"");
        assertThat(SchemaValidation.validate(unchangedButImage, SCHEMA, "")).hasSize(4);
    }
}
