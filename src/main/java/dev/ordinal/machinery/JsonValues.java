package dev.ordinal.machinery;

import java.util.Comparator;

import tools.jackson.databind.JsonNode;

/**
 * Equality of JSON values as upstream compares decoded unstructured objects: numbers by value, so
 * {@code 1} read from storage equals the {@code 1} of a request whatever width Jackson chose for
 * either.
 */
public final class JsonValues {

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonValues() {
    }

    public static boolean deepEqual(JsonNode a, JsonNode b) {
        return a.equals(NUMBERS_BY_VALUE, b);
    }
}
