package dev.ordinal.registry.apiextensions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.SimpleJsonPath;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.apiextensions.schema.SchemaValidation;
import dev.ordinal.registry.apiextensions.schema.StructuralSchema;
import dev.ordinal.registry.cel.CostBudget;

/**
 * Upstream's custom resource validator ({@code customresource/validator.go}) in its order: the
 * kind, the schema's value validations, then the scale subresource's paths; then, as upstream's
 * strategies do, the schema's {@code x-kubernetes-validations} (CEL) rules with the new and the
 * old object, unless {@link SchemaValidation#blocking} errors came first. An update of the main
 * resource ratchets both, as upstream's {@code CRDValidationRatcheting} (on by default since 1.30):
 * values unchanged from the old object report no schema errors, and their failing rules (those
 * without {@code oldSelf}) only warnings. Status writes do not ratchet, as in upstream 1.32.
 */
final class CustomResourceValidation {

    private static final long MAX_REPLICAS = Integer.MAX_VALUE;
    /** Upstream's {@code hasBlockingErr}: the error that stands for the rules left unevaluated. */
    private static final FieldError RULES_NOT_CHECKED = FieldError.invalid("<nil>", "null", "some validation rules "
            + "were not checked because the object was invalid; correct the existing errors to complete validation");

    private final String kind;
    private final CustomResourceVersion version;

    CustomResourceValidation(String kind, CustomResourceVersion version) {
        this.kind = kind;
        this.version = version;
    }

    /** A create ({@code old} empty) or an update of the main resource. */
    List<FieldError> validate(Unstructured object, Optional<Unstructured> old) {
        List<FieldError> errors = new ArrayList<>();
        if (!object.kind().equals(kind)) {
            errors.add(FieldError.invalid("kind", object.kind(), "must be " + kind));
            return errors;
        }
        errors.addAll(old.isPresent()
                ? SchemaValidation.validateUpdate(object.json(), old.get().json(), version.schema(), "")
                : SchemaValidation.validate(object.json(), version.schema(), ""));
        version.scale().ifPresent(scale -> {
            replicas(object.json(), scale.specReplicas(), errors);
            replicas(object.json(), scale.statusReplicas(), errors);
        });
        rules(object, old, true, errors);
        return errors;
    }

    /**
     * A write through the status subresource: status against its part of the schema, then the rules
     * of the whole object, as upstream's status strategy runs them.
     */
    List<FieldError> validateStatus(Unstructured object, Unstructured old) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode status = object.json().get("status");
        Optional<StructuralSchema> statusSchema = version.schema().property("status");
        if (status != null && statusSchema.isPresent()) {
            errors.addAll(SchemaValidation.validate(status, statusSchema.get(), "status"));
        }
        version.scale().ifPresent(scale -> replicas(object.json(), scale.statusReplicas(), errors));
        rules(object, Optional.of(old), false, errors);
        return errors;
    }

    /**
     * The CEL rules, with one runtime cost budget for the request; a transition rule sees the old
     * object's value as {@code oldSelf}.
     */
    private void rules(Unstructured object, Optional<Unstructured> old, boolean ratcheting, List<FieldError> errors) {
        if (!version.rules().hasRules()) {
            return;
        }
        if (SchemaValidation.blocking(errors)) {
            errors.add(RULES_NOT_CHECKED);
            return;
        }
        errors.addAll(version.rules().validate(object.json(), old.map(Unstructured::json).orElse(null),
                CostBudget.perRequest(), ratcheting));
    }

    /** Upstream's scale checks: replicas, where present, an integer within [0, 2147483647]. */
    private static void replicas(JsonNode object, SimpleJsonPath path, List<FieldError> errors) {
        Optional<JsonNode> value = path.first(object);
        if (value.isEmpty() || value.get().isNull()) {
            return;
        }
        JsonNode replicas = value.get();
        if (!replicas.isIntegralNumber()) {
            errors.add(FieldError.invalid(path.toString(), 0L, path + " accessor error: " + goValue(replicas)
                    + " is of the type " + goType(replicas) + ", expected int64"));
        } else if (replicas.asLong() < 0) {
            errors.add(FieldError.invalid(path.toString(), replicas.asLong(), "should be a non-negative integer"));
        } else if (replicas.asLong() > MAX_REPLICAS) {
            errors.add(FieldError.invalid(path.toString(), replicas.asLong(),
                    "should be less than or equal to " + MAX_REPLICAS));
        }
    }

    private static String goValue(JsonNode value) {
        return value.isString() ? value.asString() : value.toString();
    }

    private static String goType(JsonNode value) {
        if (value.isNumber()) {
            return "float64";
        }
        return switch (value.getNodeType()) {
            case STRING -> "string";
            case BOOLEAN -> "bool";
            case ARRAY -> "[]interface {}";
            default -> "map[string]interface {}";
        };
    }
}
