package dev.ordinal.registry.fieldmanager;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.go.GoText;

/**
 * JSON values as structured-merge-diff sees them: its total order ({@code value.Compare}), its
 * equality (integers and floats compare by number, whatever node class holds them), Go's
 * {@code encoding/json} text (FieldsV1 keys) and the {@code value.ToString} text of conflict paths.
 */
final class JsonValues {

    private JsonValues() {
    }

    /** Numbers first (integers and floats together), then strings, booleans, lists, maps, null. */
    static int compare(JsonNode a, JsonNode b) {
        int rankA = rank(a);
        int rankB = rank(b);
        if (rankA != rankB) {
            return Integer.compare(rankA, rankB);
        }
        return switch (rankA) {
            case 0 -> a.isIntegralNumber() && b.isIntegralNumber() ? Long.compare(a.longValue(), b.longValue())
                    : Double.compare(a.doubleValue(), b.doubleValue());
            case 1 -> GoText.BYTE_ORDER.compare(a.asString(), b.asString());
            case 2 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            case 3 -> compareLists(a, b);
            case 4 -> compareMaps(a, b);
            default -> 0;
        };
    }

    static boolean equal(JsonNode a, JsonNode b) {
        return compare(a, b) == 0;
    }

    static int hash(JsonNode node) {
        return switch (rank(node)) {
            case 0 -> Double.hashCode(node.doubleValue());
            case 1 -> node.asString().hashCode();
            case 2 -> Boolean.hashCode(node.booleanValue());
            case 3, 4 -> {
                int hash = rank(node);
                for (JsonNode child : node) {
                    hash = 31 * hash + hash(child);
                }
                yield hash;
            }
            default -> 0;
        };
    }

    private static int rank(JsonNode node) {
        if (node.isNumber()) {
            return 0;
        }
        if (node.isString()) {
            return 1;
        }
        if (node.isBoolean()) {
            return 2;
        }
        if (node.isArray()) {
            return 3;
        }
        return node.isObject() ? 4 : 5;
    }

    private static int compareLists(JsonNode a, JsonNode b) {
        for (int i = 0; ; i++) {
            if (i >= a.size() || i >= b.size()) {
                return Integer.compare(a.size(), b.size());
            }
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
    }

    /** Keys in lexical order, zipped; a map that runs out first is the smaller. */
    private static int compareMaps(JsonNode a, JsonNode b) {
        List<String> keysA = sortedKeys(a);
        List<String> keysB = sortedKeys(b);
        for (int i = 0; ; i++) {
            if (i >= keysA.size() || i >= keysB.size()) {
                return Integer.compare(keysA.size(), keysB.size());
            }
            int c = GoText.BYTE_ORDER.compare(keysA.get(i), keysB.get(i));
            if (c != 0) {
                // The map holding the smaller key has a value where the other has none: it sorts first.
                return c;
            }
            c = compare(a.get(keysA.get(i)), b.get(keysB.get(i)));
            if (c != 0) {
                return c;
            }
        }
    }

    private static List<String> sortedKeys(JsonNode node) {
        List<String> keys = new ArrayList<>(node.propertyNames());
        keys.sort(GoText.BYTE_ORDER);
        return keys;
    }

    /** Go's {@code encoding/json} text: map keys sorted, HTML characters escaped. */
    static String goJson(JsonNode node) {
        StringBuilder out = new StringBuilder();
        appendGoJson(out, node);
        return out.toString();
    }

    private static void appendGoJson(StringBuilder out, JsonNode node) {
        if (node.isString()) {
            out.append(GoText.jsonString(node.asString()));
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            out.append(goFloat(node.doubleValue()));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> items = node.iterator();
            while (items.hasNext()) {
                appendGoJson(out, items.next());
                if (items.hasNext()) {
                    out.append(',');
                }
            }
            out.append(']');
        } else if (node.isObject()) {
            out.append('{');
            List<String> keys = sortedKeys(node);
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(GoText.jsonString(keys.get(i)));
                out.append(':');
                appendGoJson(out, node.get(keys.get(i)));
            }
            out.append('}');
        } else {
            out.append("null");
        }
    }

    /** Go's float formatting in encoding/json: shortest digits, exponent only outside [1e-6, 1e21). */
    private static String goFloat(double value) {
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double abs = Math.abs(value);
        if (abs == 0 || abs >= 1e-6 && abs < 1e21) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = decimal.precision() - decimal.scale() - 1;
        String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format("%02d", Math.abs(exponent));
    }

    /** structured-merge-diff's {@code value.ToString}, used in paths of conflicts and errors. */
    static String goString(JsonNode node) {
        if (node.isString()) {
            return GoText.quote(node.asString());
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            return goFloat(node.doubleValue());
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.booleanValue());
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(goString(item)));
            return "[" + String.join(",", items) + "]";
        }
        if (node.isObject()) {
            StringBuilder out = new StringBuilder();
            node.properties().forEach(e -> out.append(e.getKey()).append('=').append(goString(e.getValue())));
            return out.toString();
        }
        return "null";
    }
}
