package dev.ordinal.registry.cel;

import java.util.List;
import java.util.Map;

import com.google.common.primitives.UnsignedLong;

import dev.cel.common.values.NullValue;

/** The CEL type names of runtime values, for error texts. */
final class CelValues {

    private CelValues() {
    }

    static String typeName(Object value) {
        if (value instanceof Long) {
            return "int";
        }
        if (value instanceof UnsignedLong) {
            return "uint";
        }
        if (value instanceof Double) {
            return "double";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof NullValue || value == null) {
            return "null_type";
        }
        if (value instanceof com.google.protobuf.ByteString) {
            return "bytes";
        }
        return value.getClass().getSimpleName();
    }
}
