package dev.ordinal.registry.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;

/** Resource quantities ({@code 500m}, {@code 1Gi}) as upstream's {@code resource.Quantity} reads them. */
final class Quantities {

    private static final String FORMAT = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
    private static final Pattern PATTERN = Pattern.compile(FORMAT);

    private Quantities() {
    }

    /** The amount of a quantity written as a string or a number, or {@code null} when it is none. */
    static BigDecimal amount(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (!value.isString() || !PATTERN.matcher(value.stringValue()).matches()) {
            return null;
        }
        try {
            return new Quantity(value.stringValue()).getNumericalAmount();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A value that is no quantity, which upstream's decoder already refuses; here it is reported
     * at its field.
     */
    static List<FieldError> malformed(String path, JsonNode value) {
        return amount(value) != null ? List.of()
                : List.of(FieldError.invalid(path, value, "quantities must match the regular expression '"
                        + FORMAT + "'"));
    }

    /** Upstream {@code ValidateNonnegativeQuantity}, after the format. */
    static List<FieldError> nonNegative(String path, JsonNode value) {
        BigDecimal amount = amount(value);
        if (amount == null) {
            return malformed(path, value);
        }
        return amount.signum() < 0 ? List.of(FieldError.invalid(path, value.asString(""),
                "must be greater than or equal to 0")) : List.of();
    }

    /** Upstream {@code ValidatePositiveQuantityValue}, after the format. */
    static List<FieldError> positive(String path, JsonNode value) {
        BigDecimal amount = amount(value);
        if (amount == null) {
            return malformed(path, value);
        }
        return amount.signum() <= 0 ? List.of(FieldError.invalid(path, value.asString(""),
                "must be greater than zero")) : List.of();
    }
}
