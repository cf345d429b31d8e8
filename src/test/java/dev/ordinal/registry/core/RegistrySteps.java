package dev.ordinal.registry.core;

import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

/**
 * Runs a strategy's hooks in the order the generic registry runs them on a create, an update and
 * a status write, without a store, so strategy tests see what a client would.
 */
public final class RegistrySteps {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegistrySteps() {
    }

    public static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JSON.readTree(json));
    }

    public static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    /** A node as a client reads it back: numbers in their smallest type, so 30L equals 30. */
    public static JsonNode asRead(JsonNode node) {
        return JSON.readTree(JSON.writeValueAsString(node));
    }

    /** A copy of a stored object changed as a client changes what it read before writing it back. */
    public static String edited(Unstructured stored, Consumer<ObjectNode> edit) {
        ObjectNode copy = stored.json().deepCopy();
        edit.accept(copy);
        return copy.toString();
    }

    /** Defaults and prepares a new object; validation is left to the caller. */
    public static Unstructured created(Strategy strategy, String json) {
        Unstructured object = object(json);
        strategy.applyDefaults(object);
        strategy.prepareForCreate(object);
        return object;
    }

    public static List<String> createErrors(Strategy strategy, String json) {
        return messages(strategy.validate(created(strategy, json)));
    }

    /** An update of the main resource: the stored status stays, then defaults and preparation. */
    public static Unstructured updated(Strategy strategy, Unstructured old, String json) {
        Unstructured object = object(json);
        if (old.json().has("status")) {
            object.json().set("status", old.json().get("status").deepCopy());
        }
        strategy.applyDefaults(object);
        strategy.prepareForUpdate(object, old);
        return object;
    }

    public static List<String> updateErrors(Strategy strategy, Unstructured old, String json) {
        return messages(strategy.validateUpdate(updated(strategy, old, json), old));
    }

    /** A status write: everything but status stays as stored. */
    public static Unstructured statusWritten(Strategy strategy, Unstructured old, String status) {
        Unstructured object = old.deepCopy();
        object.json().set("status", tree(status));
        strategy.prepareForStatusUpdate(object, old);
        return object;
    }

    public static List<String> statusErrors(Strategy strategy, Unstructured old, String status) {
        return messages(strategy.validateStatusUpdate(statusWritten(strategy, old, status), old));
    }

    public static List<String> messages(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).toList();
    }
}
