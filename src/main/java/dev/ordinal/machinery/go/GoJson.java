package dev.ordinal.machinery.go;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.go.GoText;

/**
 * Writes JSON byte for byte as Go's {@code json.Marshal} writes a decoded {@code map[string]interface{}}:
 * compact, object keys sorted by their UTF-8 bytes, numbers as float64, and {@code <}, {@code >},
 * {@code &}, U+2028 and U+2029 escaped. Revision data is compared and hashed as these bytes, so they
 * must be the bytes upstream's controller and kubectl compute from the same template.
 */
public final class GoJson {

    private GoJson() {
    }

    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /**
     * A copy of {@code node} with every object's keys in the order {@code json.Marshal} writes them,
     * so that a server writing it back keeps them in that order.
     */
    public static JsonNode ordered(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey(GoText.BYTE_ORDER));
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            fields.forEach(field -> copy.set(field.getKey(), ordered(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(ordered(item)));
            return copy;
        }
        return node.deepCopy();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            fields.sort(Map.Entry.comparingByKey(GoText.BYTE_ORDER));
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(GoText.jsonString(fields.get(i).getKey()));
                out.append(':');
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNumber()) {
            number(node, out);
        } else {
            out.append(GoText.jsonString(node.asString("")));
        }
    }

    /** Go decodes every JSON number into a float64 and writes it back in the shortest form. */
    private static void number(JsonNode node, StringBuilder out) {
        double value = node.doubleValue();
        double abs = Math.abs(value);
        if (value == Math.rint(value) && abs < 1e21) {
            out.append(new BigDecimal(value).toPlainString());
        } else if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            // Go's 'e' format drops the exponent's leading zero and always signs it: 1e+21, 1e-7.
            String text = Double.toString(value).replace("E", "e");
            String mantissa = text.substring(0, text.indexOf('e')).replaceAll("\\.0$", "");
            int exponent = Integer.parseInt(text.substring(text.indexOf('e') + 1));
            out.append(mantissa).append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        } else {
            out.append(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        }
    }
}
