package dev.ordinal.registry.cel;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.common.primitives.UnsignedLong;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;

import static dev.cel.common.CelOverloadDecl.newMemberOverload;

/**
 * cel-go's {@code "...".format([args])} from its strings extension (version 1 and later, which
 * Kubernetes enables and cel-java lacks): {@code %s}, {@code %d}, {@code %f}, {@code %e},
 * {@code %x}, {@code %X}, {@code %o}, {@code %b}, with an optional precision, and {@code %%}.
 */
final class StringFormatLibrary implements CelLibrary {

    @Override
    public List<CelFunctionDecl> declarations() {
        return List.of(CelFunctionDecl.newFunctionDeclaration("format", newMemberOverload(
                "string_format", SimpleType.STRING, SimpleType.STRING, ListType.create(SimpleType.DYN))));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(CelFunctionBinding.from("string_format", String.class, List.class, StringFormatLibrary::format));
    }

    static String format(String template, List<?> args) throws CelEvaluationException {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (++i >= template.length()) {
                throw LibraryErrors.error("error during formatting: unexpected end of format string");
            }
            if (template.charAt(i) == '%') {
                out.append('%');
                continue;
            }
            Integer precision = null;
            if (template.charAt(i) == '.') {
                int start = ++i;
                while (i < template.length() && Character.isDigit(template.charAt(i))) {
                    i++;
                }
                precision = start == i ? 0 : Integer.parseInt(template.substring(start, i));
            }
            if (i >= template.length()) {
                throw LibraryErrors.error("error during formatting: unexpected end of format string");
            }
            if (next >= args.size()) {
                throw LibraryErrors.error("index " + next + " out of range");
            }
            out.append(clause(template.charAt(i), precision, args.get(next++)));
        }
        return out.toString();
    }

    private static String clause(char verb, Integer precision, Object arg) throws CelEvaluationException {
        return switch (verb) {
            case 's' -> text(arg);
            case 'd' -> {
                if (arg instanceof Long || arg instanceof UnsignedLong) {
                    yield arg.toString();
                }
                throw LibraryErrors.error("error during formatting: decimal clause can only be used on integers, was given "
                        + CelValues.typeName(arg));
            }
            case 'f' -> new BigDecimal(number(arg, "fixed-point")).setScale(precision == null ? 6 : precision,
                    java.math.RoundingMode.HALF_EVEN).toPlainString();
            case 'e' -> String.format(Locale.ROOT, "%." + (precision == null ? 6 : precision) + "e",
                    number(arg, "scientific"));
            case 'x', 'X' -> {
                String hex = arg instanceof String s ? toHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        : arg instanceof com.google.protobuf.ByteString b ? toHex(b.toByteArray())
                        : Long.toHexString(integer(arg, "hex"));
                yield verb == 'X' ? hex.toUpperCase(Locale.ROOT) : hex;
            }
            case 'o' -> Long.toOctalString(integer(arg, "octal"));
            case 'b' -> arg instanceof Boolean b ? (b ? "1" : "0") : Long.toBinaryString(integer(arg, "binary"));
            default -> throw LibraryErrors.error("could not parse formatting clause: unrecognized formatting clause \""
                    + verb + "\"");
        };
    }

    private static double number(Object arg, String clause) throws CelEvaluationException {
        if (arg instanceof Number n) {
            return n.doubleValue();
        }
        if (arg instanceof UnsignedLong u) {
            return u.doubleValue();
        }
        throw LibraryErrors.error("error during formatting: " + clause + " clause can only be used on doubles, was given "
                + CelValues.typeName(arg));
    }

    private static long integer(Object arg, String clause) throws CelEvaluationException {
        if (arg instanceof Long l) {
            return l;
        }
        if (arg instanceof UnsignedLong u) {
            return u.longValue();
        }
        throw LibraryErrors.error("error during formatting: only integers, byte buffers, and strings can be formatted as "
                + clause + ", was given " + CelValues.typeName(arg));
    }

    private static String toHex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    /** The {@code %s} text of a value, as cel-go's {@code string()} conversions write it. */
    private static String text(Object arg) {
        if (arg instanceof List<?> list) {
            return list.stream().map(StringFormatLibrary::text).collect(Collectors.joining(", ", "[", "]"));
        }
        if (arg instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> text(e.getKey()) + ": " + text(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (arg instanceof NullValue || arg == null) {
            return "null";
        }
        if (arg instanceof com.google.protobuf.ByteString bytes) {
            return bytes.toStringUtf8();
        }
        if (arg instanceof Double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        return String.valueOf(arg);
    }
}
