package dev.ordinal.registry.core;

import java.util.HashSet;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Equality of two JSON values as upstream's {@code apiequality.Semantic.DeepEqual} sees the Go
 * structs decoded from them: an absent field, {@code null} and the zero value ({@code ""},
 * {@code 0}, {@code false}, an empty list or map) are all the same, and quantities compare by
 * amount ({@code 1Gi} equals {@code 1024Mi}).
 */
public final class SemanticEquality {

    private SemanticEquality() {
    }

    public static boolean equal(JsonNode a, JsonNode b) {
        if (isZero(a) || isZero(b)) {
            return isZero(a) && isZero(b);
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new HashSet<>(a.propertyNames());
            names.addAll(b.propertyNames());
            return names.stream().allMatch(name -> equal(a.path(name), b.path(name)));
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.equals(b)) {
            return true;
        }
        var amountA = Quantities.amount(a);
        var amountB = Quantities.amount(b);
        return amountA != null && amountB != null && amountA.compareTo(amountB) == 0;
    }

    static boolean isZero(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull()
                || node.isString() && node.stringValue().isEmpty()
                || node.isNumber() && node.decimalValue().signum() == 0
                || node.isBoolean() && !node.booleanValue()
                || node.isContainer() && node.isEmpty();
    }
}
