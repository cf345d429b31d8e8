package dev.ordinal.machinery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/**
 * The field checks upstream apimachinery gives every kind, worded as in Kubernetes v1.32:
 * qualified names and label values ({@code util/validation}), label maps and label selectors
 * ({@code apis/meta/v1/validation}), annotations ({@code api/validation}) and the non-negative
 * number rule of {@code ValidateNonnegativeField}.
 *
 * <p>Upstream walks label and annotation maps in Go's random map order; they are walked here in
 * key order, so that the same object always gets its errors in the same order.
 */
public final class MetaValidation {

    private static final String QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or "
            + "'.', and must start and end with an alphanumeric character";
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FORMAT);
    private static final int QUALIFIED_NAME_MAX_LENGTH = 63;

    private static final String LABEL_VALUE_FORMAT = "(" + QUALIFIED_NAME_FORMAT + ")?";
    private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FORMAT);
    private static final int LABEL_VALUE_MAX_LENGTH = 63;

    private static final String DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FORMAT = DNS1123_LABEL_FORMAT + "(\\." + DNS1123_LABEL_FORMAT + ")*";
    private static final String DNS1123_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower "
            + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FORMAT);
    private static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

    /** The most all annotations of one object may hold together, keys and values, in bytes. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private MetaValidation() {
    }

    /** Upstream {@code IsQualifiedName}: an optional DNS subdomain and '/', then a name of up to 63 characters. */
    public static List<String> qualifiedNameErrors(String value) {
        List<String> errors = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errors.add("prefix part must be non-empty");
                } else {
                    dns1123SubdomainErrors(prefix).forEach(error -> errors.add("prefix part " + error));
                }
            }
            default -> {
                return List.of("a qualified name " + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT,
                        "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            }
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
            errors.add("name part " + maxLengthError(QUALIFIED_NAME_MAX_LENGTH));
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            errors.add("name part " + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT,
                    "MyName", "my.name", "123-abc"));
        }
        return errors;
    }

    /** Upstream {@code IsValidLabelValue}: empty, or up to 63 characters starting and ending alphanumeric. */
    public static List<String> labelValueErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
            errors.add(maxLengthError(LABEL_VALUE_MAX_LENGTH));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errors.add(regexError(LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, "MyValue", "my_value", "12345"));
        }
        return errors;
    }

    /** Upstream {@code ValidateLabels}: every key a qualified name, every value a label value, all at {@code path}. */
    public static List<FieldError> validateLabels(Map<String, String> labels, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (labels == null) {
            return errors;
        }
        new TreeMap<>(labels).forEach((key, value) -> {
            qualifiedNameErrors(key).forEach(error -> errors.add(FieldError.invalid(path, key, error)));
            String text = value == null ? "" : value;
            labelValueErrors(text).forEach(error -> errors.add(FieldError.invalid(path, text, error)));
        });
        return errors;
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
            qualifiedNameErrors(key.toLowerCase(Locale.ROOT))
                    .forEach(error -> errors.add(FieldError.invalid(path, key, error)));
            size += byteLength(key) + byteLength(annotation.getValue() == null ? "" : annotation.getValue());
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
        qualifiedNameErrors(key).forEach(error -> errors.add(FieldError.invalid(path + ".key", key, error)));
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i) == null ? "" : values.get(i);
            String valuePath = path + ".values[" + i + "]";
            labelValueErrors(value).forEach(error -> errors.add(FieldError.invalid(valuePath, value, error)));
        }
        return errors;
    }

    /** Upstream {@code ValidateNonnegativeField}. */
    public static List<FieldError> validateNonnegative(long value, String path) {
        return value < 0 ? List.of(FieldError.invalid(path, value, "must be greater than or equal to 0")) : List.of();
    }

    private static List<String> dns1123SubdomainErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            errors.add(maxLengthError(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errors.add(regexError(DNS1123_SUBDOMAIN_MESSAGE, DNS1123_SUBDOMAIN_FORMAT, "example.com"));
        }
        return errors;
    }

    private static String maxLengthError(int length) {
        return "must be no more than " + length + " characters";
    }

    /** Upstream {@code RegexError}, examples and all (note the doubled space before each "or"). */
    private static String regexError(String message, String format, String... examples) {
        StringBuilder out = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                out.append(" or ");
            }
            out.append('\'').append(examples[i]).append("', ");
        }
        return out.append("regex used for validation is '").append(format).append("')").toString();
    }

    /** Go's {@code len} of a string counts UTF-8 bytes. */
    private static int byteLength(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
