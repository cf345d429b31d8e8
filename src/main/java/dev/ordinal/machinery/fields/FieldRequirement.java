package dev.ordinal.machinery.fields;

import java.util.Map;
import java.util.Objects;

import dev.ordinal.machinery.fields.FieldOperator;

/**
 * One term of a field selector (upstream {@code hasTerm} / {@code notHasTerm}).
 *
 * @param field the field name, as written (upstream neither trims nor validates it)
 * @param operator equality or inequality
 * @param value the unescaped value
 */
public record FieldRequirement(String field, FieldOperator operator, String value) {

    public FieldRequirement {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Upstream {@code Matches}: a field absent from the map reads as the empty string, so
     * {@code f=} and {@code f!=x} match an object without {@code f}.
     *
     * @param fields the object's field values; {@code null} counts as none
     */
    public boolean matches(Map<String, String> fields) {
        String actual = fields == null ? "" : Objects.requireNonNullElse(fields.get(field), "");
        return actual.equals(value) == (operator == FieldOperator.EQUALS);
    }

    /** Upstream canonical form: {@code field=value} or {@code field!=value}, the value escaped. */
    @Override
    public String toString() {
        return field + operator.symbol() + FieldSelectorSyntax.escape(value);
    }
}
