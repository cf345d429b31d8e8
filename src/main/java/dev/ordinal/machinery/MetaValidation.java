package dev.ordinal.machinery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import tools.jackson.databind.JsonNode;

/**
 * The field checks upstream apimachinery gives every kind, worded as in Kubernetes v1.32: label
 * maps and label selectors ({@code apis/meta/v1/validation}), annotations ({@code api/validation})
 * and the non-negative number rule of {@code ValidateNonnegativeField}; the value formats they
 * check are {@link Formats}.
 *
 * <p>Upstream walks label and annotation maps in Go's random map order; they are walked here in
 * key order, so that the same object always gets its errors in the same order.
 */
public final class MetaValidation {

    /** The most all annotations of one object may hold together, keys and values, in bytes. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private MetaValidation() {
    }

    /** Upstream {@code ValidateLabels}: every key a qualified name, every value a label value, all at {@code path}. */
    public static List<FieldError> validateLabels(Map<String, String> labels, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (labels == null) {
            return errors;
        }
        new TreeMap<>(labels).forEach((key, value) -> {
            Formats.qualifiedName(key).forEach(error -> errors.add(FieldError.invalid(path, key, error)));
            String text = value == null ? "" : value;
            Formats.labelValue(text).forEach(error -> errors.add(FieldError.invalid(path, text, error)));
        });
        return errors;
    }

    /** {@link #validateLabels(Map, String)} over a label map as it stands in an object's JSON. */
    public static List<FieldError> validateLabels(JsonNode labels, String path) {
        Map<String, String> map = new TreeMap<>();
        labels.properties().forEach(label -> map.put(label.getKey(), label.getValue().asString("")));
        return validateLabels(map, path);
    }

    /**
     * Upstream {@code ValidateAnnotations}: every key a qualified name, case aside, and all of them
     * together within {@link #TOTAL_ANNOTATION_SIZE_LIMIT}.
     */
    public static List<FieldError> validateAnnotations(Map<String, String> annotations, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (annotations == null) {
            return errors;
        }
        long size = 0;
        for (Map.Entry<String, String> annotation : new TreeMap<>(annotations).entrySet()) {
            String key = annotation.getKey();
            Formats.qualifiedName(key.toLowerCase(Locale.ROOT))
                    .forEach(error -> errors.add(FieldError.invalid(path, key, error)));
            String value = annotation.getValue() == null ? "" : annotation.getValue();
            size += Formats.byteLength(key) + Formats.byteLength(value);
        }
        if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errors.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
        }
        return errors;
    }

    /**
     * Upstream {@code ValidateLabelSelector} with strict label values (as workloads validate their
     * selectors): matchLabels as labels, and each matchExpression's operator, key and values.
     */
    public static List<FieldError> validateLabelSelector(LabelSelector selector, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (selector == null) {
            return errors;
        }
        errors.addAll(validateLabels(selector.getMatchLabels(), path + ".matchLabels"));
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        for (int i = 0; expressions != null && i < expressions.size(); i++) {
            errors.addAll(validateRequirement(expressions.get(i), path + ".matchExpressions[" + i + "]"));
        }
        return errors;
    }

    private static List<FieldError> validateRequirement(LabelSelectorRequirement requirement, String path) {
        List<FieldError> errors = new ArrayList<>();
        String operator = requirement.getOperator() == null ? "" : requirement.getOperator();
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        switch (operator) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    errors.add(FieldError.required(path + ".values",
                            "must be specified when `operator` is 'In' or 'NotIn'"));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    errors.add(FieldError.forbidden(path + ".values",
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            default -> errors.add(FieldError.invalid(path + ".operator", operator, "not a valid selector operator"));
        }
        String key = requirement.getKey() == null ? "" : requirement.getKey();
        Formats.qualifiedName(key).forEach(error -> errors.add(FieldError.invalid(path + ".key", key, error)));
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i) == null ? "" : values.get(i);
            String valuePath = path + ".values[" + i + "]";
            Formats.labelValue(value).forEach(error -> errors.add(FieldError.invalid(valuePath, value, error)));
        }
        return errors;
    }

    /** Upstream {@code ValidateNonnegativeField}. */
    public static List<FieldError> validateNonnegative(long value, String path) {
        return value < 0 ? List.of(FieldError.invalid(path, value, "must be greater than or equal to 0")) : List.of();
    }
}
