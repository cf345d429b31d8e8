package dev.ordinal.machinery.labels;

import java.util.List;

/**
 * The text of upstream {@code field.Error} values of type Invalid and of the aggregate
 * ({@code ErrorList.ToAggregate}) that joins them.
 */
final class FieldErrors {

    private FieldErrors() {
    }

    /** {@code field.Invalid(path, value, detail).Error()}; the value is already rendered. */
    static String invalid(String path, String renderedValue, String detail) {
        return path + ": Invalid value: " + renderedValue + ": " + detail;
    }

    /**
     * The aggregate's text: repeated messages are dropped, a single one stands alone, several are
     * joined by {@code ", "} within brackets.
     */
    static String aggregate(List<String> messages) {
        List<String> distinct = messages.stream().distinct().toList();
        return distinct.size() == 1 ? distinct.get(0) : "[" + String.join(", ", distinct) + "]";
    }
}
