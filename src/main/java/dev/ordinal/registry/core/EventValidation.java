package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;

import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Upstream's event validation ({@code pkg/apis/core/validation/events.go}), on an event in the
 * core v1 shape. Every event gets the legacy checks; events written through events.k8s.io/v1 get
 * the strict ones too. Paths name upstream's internal fields (involvedObject, message,
 * reportingController) whichever API the event came through, as upstream's do.
 */
public final class EventValidation {

    private static final int REPORTING_INSTANCE_LIMIT = 128;
    private static final int ACTION_LIMIT = 128;
    private static final int REASON_LIMIT = 128;
    private static final int NOTE_LIMIT = 1024;
    /** The events.k8s.io/v1 fields that core v1 names differently. */
    private static final Map<String, String> CORE_NAMES = Map.of(
            "regarding", "involvedObject",
            "note", "message",
            "deprecatedSource", "source",
            "deprecatedFirstTimestamp", "firstTimestamp",
            "deprecatedLastTimestamp", "lastTimestamp",
            "deprecatedCount", "count",
            "reportingController", "reportingComponent");

    private EventValidation() {
    }

    /** An events.k8s.io/v1 event in the core v1 shape, as upstream converts both to one internal type. */
    public static ObjectNode asCoreV1(ObjectNode event) {
        ObjectNode core = event.objectNode();
        event.properties().forEach(field ->
                core.set(CORE_NAMES.getOrDefault(field.getKey(), field.getKey()), field.getValue().deepCopy()));
        return core;
    }

    public static List<FieldError> validateCreate(ObjectNode event, String namespace, boolean strict) {
        List<FieldError> errors = legacy(event, namespace);
        if (!strict) {
            return errors;
        }
        errors.addAll(series(event));
        if (!isSet(event, "eventTime")) {
            errors.add(FieldError.required("eventTime", ""));
        }
        String type = text(event, "type");
        if (!type.equals("Normal") && !type.equals("Warning")) {
            errors.add(FieldError.invalid("type", "", "has invalid value: " + type));
        }
        for (String timestamp : List.of("firstTimestamp", "lastTimestamp")) {
            if (isSet(event, timestamp)) {
                errors.add(FieldError.invalid(timestamp, "", "needs to be unset"));
            }
        }
        if (event.path("count").asLong(0) != 0) {
            errors.add(FieldError.invalid("count", "", "needs to be unset"));
        }
        if (!isUnset(event.path("source"), "component") || !isUnset(event.path("source"), "host")) {
            errors.add(FieldError.invalid("source", "", "needs to be unset"));
        }
        return errors;
    }

    public static List<FieldError> validateUpdate(ObjectNode event, ObjectNode old, String namespace, boolean strict) {
        List<FieldError> errors = legacy(event, namespace);
        if (!strict) {
            return errors;
        }
        if (!SemanticEquality.equal(event.path("series"), old.path("series"))) {
            errors.addAll(series(event));
        }
        // Upstream checks reason twice; so does this list.
        for (String field : List.of("involvedObject", "reason", "message", "source", "firstTimestamp",
                "lastTimestamp", "count", "reason", "type", "eventTime", "action", "related", "reportingComponent",
                "reportingInstance")) {
            if (!SemanticEquality.equal(event.path(field), old.path(field))) {
                String path = field.equals("reportingComponent") ? "reportingController" : field;
                errors.add(FieldError.invalid(path, event.path(field), "field is immutable"));
            }
        }
        return errors;
    }

    /** Upstream {@code legacyValidateEvent}. */
    private static List<FieldError> legacy(ObjectNode event, String namespace) {
        List<FieldError> errors = new ArrayList<>();
        String involvedNamespace = text(event.path("involvedObject"), "namespace");
        if (!isSet(event, "eventTime")) {
            boolean matches = involvedNamespace.isEmpty()
                    ? namespace.isEmpty() || namespace.equals("default") : namespace.equals(involvedNamespace);
            if (!matches) {
                errors.add(FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }
        } else {
            if (involvedNamespace.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
                errors.add(FieldError.invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }
            String controller = text(event, "reportingComponent");
            if (controller.isEmpty()) {
                errors.add(FieldError.required("reportingController", ""));
            }
            Formats.qualifiedName(controller).forEach(problem ->
                    errors.add(FieldError.invalid("reportingController", controller, problem)));
            errors.addAll(requiredAndLimited(event, "reportingInstance", "reportingInstance", REPORTING_INSTANCE_LIMIT));
            errors.addAll(requiredAndLimited(event, "action", "action", ACTION_LIMIT));
            errors.addAll(requiredAndLimited(event, "reason", "reason", REASON_LIMIT));
            if (text(event, "message").length() > NOTE_LIMIT) {
                errors.add(FieldError.invalid("message", "", "can have at most " + NOTE_LIMIT + " characters"));
            }
        }
        Formats.dns1123Subdomain(namespace).forEach(problem ->
                errors.add(FieldError.invalid("namespace", namespace, problem)));
        return errors;
    }

    private static List<FieldError> requiredAndLimited(ObjectNode event, String field, String path, int limit) {
        String value = text(event, field);
        if (value.isEmpty()) {
            return List.of(FieldError.required(path, ""));
        }
        return value.length() > limit
                ? List.of(FieldError.invalid(path, "", "can have at most " + limit + " characters")) : List.of();
    }

    private static List<FieldError> series(ObjectNode event) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode series = event.path("series");
        if (series.isObject()) {
            if (series.path("count").asLong(0) < 2) {
                errors.add(FieldError.invalid("series.count", "", "should be at least 2"));
            }
            if (!isSet(series, "lastObservedTime")) {
                errors.add(FieldError.required("series.lastObservedTime", ""));
            }
        }
        return errors;
    }

    /** A time is set when it is a non-empty string; Go writes an unset one as {@code null}. */
    private static boolean isSet(JsonNode object, String field) {
        return object.path(field).isString() && !object.path(field).stringValue().isEmpty();
    }
}
