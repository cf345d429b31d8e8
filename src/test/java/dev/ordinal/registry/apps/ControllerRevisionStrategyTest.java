package dev.ordinal.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NameRule;

class ControllerRevisionStrategyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATA = "{\"spec\":{\"template\":{\"$patch\":\"replace\",\"spec\":{}}}}";

    private final ControllerRevisionStrategy strategy = new ControllerRevisionStrategy();

    @Test
    void acceptsARevision() {
        assertThat(createErrors("{\"metadata\": {\"name\": \"web-6c5cb6c8c7\"}, \"data\": " + DATA + ", \"revision\": 1}"))
                .isEmpty();
    }

    @Test
    void namesAreDnsSubdomains() {
        assertThat(strategy.nameRule()).isEqualTo(NameRule.DNS1123_SUBDOMAIN);
    }

    /** revision is an int64 without omitempty, so one left out reads 0. */
    @Test
    void writesAnUnsetRevisionAsZero() {
        Unstructured revision = object("{\"data\": " + DATA + "}");
        strategy.applyDefaults(revision);

        assertThat(revision.json().get("revision").asLong()).isZero();
    }

    @Test
    void dataIsRequired() {
        assertThat(createErrors("{\"revision\": 1}")).containsExactly("data: Required value: data is mandatory");
        assertThat(createErrors("{\"data\": null, \"revision\": 1}"))
                .containsExactly("data: Required value: data is mandatory");
    }

    @Test
    void revisionMustNotBeNegative() {
        assertThat(createErrors("{\"data\": " + DATA + ", \"revision\": -1}"))
                .containsExactly("revision: Invalid value: -1: must be greater than or equal to 0");
    }

    @Test
    void dataIsImmutable() {
        Unstructured old = object("{\"data\": " + DATA + ", \"revision\": 1}");

        assertThat(updateErrors("{\"data\": {\"spec\": {}}, \"revision\": 1}", old))
                .containsExactly("data: Invalid value: {\"spec\":{}}: field is immutable");
        assertThat(updateErrors("{\"revision\": 1}", old))
                .containsExactly("data: Required value: data is mandatory", "data: Invalid value: null: field is immutable");
    }

    /** The StatefulSet controller renumbers an old revision when a rollback returns to it. */
    @Test
    void revisionMayChange() {
        Unstructured old = object("{\"data\": " + DATA + ", \"revision\": 1}");

        assertThat(updateErrors("{\"data\": " + DATA + ", \"revision\": 4}", old)).isEmpty();
    }

    private List<String> createErrors(String body) {
        Unstructured revision = object(body);
        strategy.applyDefaults(revision);
        strategy.prepareForCreate(revision);
        return strategy.validate(revision).stream().map(FieldError::toString).toList();
    }

    private List<String> updateErrors(String body, Unstructured old) {
        Unstructured revision = object(body);
        strategy.applyDefaults(revision);
        strategy.prepareForUpdate(revision, old);
        return strategy.validateUpdate(revision, old).stream().map(FieldError::toString).toList();
    }

    private static Unstructured object(String body) {
        return new Unstructured((ObjectNode) JSON.readTree(body));
    }
}
