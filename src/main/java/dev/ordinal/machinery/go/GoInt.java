package dev.ordinal.machinery.go;

import java.util.regex.Pattern;

/** Go's {@code strconv.ParseInt(s, 10, 64)}, which {@code gt} and {@code lt} requirements use. */
public final class GoInt {

    /** An optional sign and ASCII digits only; {@link Long#parseLong} alone would take other digits. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

    private GoInt() {
    }

    /** The value, or {@code null} when the text is not a base-10 64-bit integer. */
    public static Long parse(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException outOfRange) {
            return null;
        }
    }
}
