package dev.ordinal.machinery.labels;

/** The operators of a label requirement, as upstream's {@code selection.Operator}. */
public enum LabelOperator {
    /** {@code key in (a,b)}: the label is present with one of the values. */
    IN("in"),
    /** {@code key notin (a,b)}: the label is absent or has none of the values. */
    NOT_IN("notin"),
    /** {@code key=value}. */
    EQUALS("="),
    /** {@code key==value}, the same test as {@link #EQUALS}, kept apart for the canonical string. */
    DOUBLE_EQUALS("=="),
    /** {@code key!=value}: the label is absent or has another value. */
    NOT_EQUALS("!="),
    /** {@code key}: the label is present. */
    EXISTS("exists"),
    /** {@code !key}: the label is absent. */
    DOES_NOT_EXIST("!"),
    /** {@code key>n}: the label is present and is an integer greater than n. */
    GREATER_THAN("gt"),
    /** {@code key<n}: the label is present and is an integer less than n. */
    LESS_THAN("lt");

    private final String upstreamName;

    LabelOperator(String upstreamName) {
        this.upstreamName = upstreamName;
    }

    /** The operator's string value upstream, as listed in parse error messages. */
    public String upstreamName() {
        return upstreamName;
    }
}
