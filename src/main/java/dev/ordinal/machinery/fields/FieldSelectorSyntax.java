package dev.ordinal.machinery.fields;

import java.util.ArrayList;
import java.util.List;

import dev.ordinal.machinery.fields.FieldOperator;
import dev.ordinal.machinery.labels.InvalidSelectorException;

/**
 * Upstream's field selector lexical rules: terms split on unescaped commas, the first operator in a
 * term splits it, and values escape {@code \}, {@code ,} and {@code =} with a backslash.
 */
final class FieldSelectorSyntax {

    /** A term split at its operator; the value still escaped. */
    record Term(String field, FieldOperator operator, String escapedValue) {
    }

    /** Tried in this order at each position, so {@code ==} is not read as {@code =} and "=value". */
    private static final String[] OPERATORS = {"!=", "==", "="};

    private FieldSelectorSyntax() {
    }

    /**
     * Upstream {@code splitTerms}: the comma-separated terms, a backslash keeping the character after
     * it (and itself) in the term. An empty selector has no terms.
     */
    static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        if (selector.isEmpty()) {
            return terms;
        }
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    /**
     * Upstream {@code splitTerm}: splits at the first operator found; the field part takes no
     * escaping. Returns {@code null} when the term has no operator.
     */
    static Term splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            for (String operator : OPERATORS) {
                if (term.startsWith(operator, i)) {
                    return new Term(term.substring(0, i),
                            operator.equals("!=") ? FieldOperator.NOT_EQUALS : FieldOperator.EQUALS,
                            term.substring(i + operator.length()));
                }
            }
        }
        return null;
    }

    /** Upstream {@code EscapeValue}: prefixes {@code \}, {@code ,} and {@code =} with a backslash. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Upstream {@code UnescapeValue}: only {@code \\}, {@code \,} and {@code \=} are escapes, and a
     * bare {@code ,} or {@code =} is refused.
     *
     * @throws InvalidSelectorException e.g. {@code invalid field selector: invalid escape sequence: \a},
     *     or {@code invalid field selector: unescaped character in value: 61} (upstream prints the
     *     character's code point)
     */
    static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean escaped = false;
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            i += Character.charCount(c);
            if (escaped) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new InvalidSelectorException("invalid field selector: invalid escape sequence: \\"
                            + Character.toString(c));
                }
                out.appendCodePoint(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',' || c == '=') {
                throw new InvalidSelectorException("invalid field selector: unescaped character in value: " + c);
            } else {
                out.appendCodePoint(c);
            }
        }
        if (escaped) {
            throw new InvalidSelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return out.toString();
    }
}
