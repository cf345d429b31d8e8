package dev.ordinal.machinery.labels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.ordinal.machinery.go.GoInt;
import dev.ordinal.machinery.go.GoText;
import dev.ordinal.machinery.labels.LabelOperator;

/**
 * One requirement of a label selector: a key, an operator and the values it relates them to
 * (upstream {@code labels.Requirement}). Built only through {@link #create}, so every instance is
 * valid.
 */
public final class LabelRequirement {

    private final String key;
    private final LabelOperator operator;
    private final List<String> values;

    private LabelRequirement(String key, LabelOperator operator, List<String> values) {
        this.key = key;
        this.operator = operator;
        this.values = values;
    }

    /**
     * Upstream {@code NewRequirement}: the key must be a qualified name; {@code in}/{@code notin}
     * need at least one value; {@code exists}/{@code !} take none; {@code gt}/{@code lt} values must
     * be 64-bit integers; every value must be a valid label value.
     *
     * @throws InvalidSelectorException with the aggregate of every problem found
     */
    static LabelRequirement create(String key, LabelOperator operator, List<String> values) {
        List<String> errors = new ArrayList<>();
        List<String> keyErrors = dev.ordinal.machinery.Formats.qualifiedName(key);
        if (!keyErrors.isEmpty()) {
            errors.add(FieldErrors.invalid("key", GoText.quote(key), String.join("; ", keyErrors)));
        }
        if ((operator == LabelOperator.IN || operator == LabelOperator.NOT_IN) && values.isEmpty()) {
            errors.add(FieldErrors.invalid("values", GoText.jsonStrings(values),
                    "for 'in', 'notin' operators, values set can't be empty"));
        }
        if ((operator == LabelOperator.EXISTS || operator == LabelOperator.DOES_NOT_EXIST) && !values.isEmpty()) {
            errors.add(FieldErrors.invalid("values", GoText.jsonStrings(values),
                    "values set must be empty for exists and does not exist"));
        }
        if (operator == LabelOperator.GREATER_THAN || operator == LabelOperator.LESS_THAN) {
            for (int i = 0; i < values.size(); i++) {
                if (GoInt.parse(values.get(i)) == null) {
                    errors.add(FieldErrors.invalid("values[" + i + "]", GoText.quote(values.get(i)),
                            "for 'Gt', 'Lt' operators, the value must be an integer"));
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> valueErrors = dev.ordinal.machinery.Formats.labelValue(values.get(i));
            if (!valueErrors.isEmpty()) {
                errors.add(FieldErrors.invalid("values[" + i + "][" + key + "]", GoText.quote(values.get(i)),
                        String.join("; ", valueErrors)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidSelectorException(FieldErrors.aggregate(errors));
        }
        return new LabelRequirement(key, operator, List.copyOf(values));
    }

    public String key() {
        return key;
    }

    public LabelOperator operator() {
        return operator;
    }

    /**
     * The values: sorted and distinct when parsed from a query string, as given when converted from
     * a {@code LabelSelector} object; empty for {@code exists} and {@code !}.
     */
    public List<String> values() {
        return values;
    }

    /**
     * Upstream {@code Requirement.Matches}: {@code in}, {@code =}, {@code ==} need the label with one
     * of the values; {@code notin}, {@code !=} hold when the label is absent or has none of them;
     * {@code gt}, {@code lt} need the label to parse as an integer and compare strictly.
     *
     * @param labels the object's labels; {@code null} counts as none
     */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> present = labels == null ? Map.of() : labels;
        boolean has = present.containsKey(key);
        String value = present.get(key);
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(value);
            case NOT_IN, NOT_EQUALS -> !has || !values.contains(value);
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN -> has && compares(value);
        };
    }

    private boolean compares(String labelValue) {
        Long actual = labelValue == null ? null : GoInt.parse(labelValue);
        if (actual == null) {
            return false;
        }
        long bound = Objects.requireNonNull(GoInt.parse(values.get(0)));
        return operator == LabelOperator.GREATER_THAN ? actual > bound : actual < bound;
    }

    /**
     * Upstream canonical form: {@code !key}, {@code key}, {@code key=v}, {@code key==v},
     * {@code key!=v}, {@code key>v}, {@code key<v}, or {@code key in (a,b)} and
     * {@code key notin (a,b)} with the values sorted.
     */
    @Override
    public String toString() {
        return switch (operator) {
            case DOES_NOT_EXIST -> "!" + key;
            case EXISTS -> key;
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> key + operator.upstreamName() + values.get(0);
            case GREATER_THAN -> key + ">" + values.get(0);
            case LESS_THAN -> key + "<" + values.get(0);
            case IN, NOT_IN -> key + " " + operator.upstreamName() + " (" + String.join(",", sortedValues()) + ")";
        };
    }

    private List<String> sortedValues() {
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(GoText.BYTE_ORDER);
        return sorted;
    }
}
