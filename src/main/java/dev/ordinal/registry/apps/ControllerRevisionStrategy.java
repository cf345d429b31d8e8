package dev.ordinal.registry.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.MetaValidation;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

/**
 * ControllerRevisions (upstream {@code pkg/registry/apps/controllerrevision} and
 * {@code ValidateControllerRevision}): a snapshot a controller records once and never changes, so
 * its data is required and immutable and its revision number not negative.
 */
final class ControllerRevisionStrategy implements Strategy {

    /** {@code revision} is a plain int64 without omitempty: Go writes 0 when it is unset. */
    @Override
    public void applyDefaults(Unstructured revision) {
        JsonNode number = revision.json().get("revision");
        if (number == null || number.isNull()) {
            revision.json().put("revision", 0);
        }
    }

    @Override
    public List<FieldError> validate(Unstructured revision) {
        List<FieldError> errors = new ArrayList<>();
        if (data(revision) == null) {
            errors.add(FieldError.required("data", "data is mandatory"));
        }
        errors.addAll(MetaValidation.validateNonnegative(revision.json().path("revision").asLong(0), "revision"));
        return errors;
    }

    /**
     * Upstream {@code ValidateControllerRevisionUpdate}. Only data is compared: a revision's number
     * may change, which the StatefulSet controller relies on when a rollback reuses an old revision.
     * Upstream prints the decoded Go object as the bad value; its JSON stands in for it here.
     */
    @Override
    public List<FieldError> validateUpdate(Unstructured revision, Unstructured old) {
        List<FieldError> errors = validate(revision);
        JsonNode data = data(revision);
        if (!Objects.equals(data, data(old))) {
            errors.add(FieldError.invalid("data", data, "field is immutable"));
        }
        return errors;
    }

    /** The data, or {@code null} when unset: Go decodes a JSON null into no data at all. */
    private static JsonNode data(Unstructured revision) {
        JsonNode data = revision.json().get("data");
        return data == null || data.isNull() ? null : data;
    }
}
