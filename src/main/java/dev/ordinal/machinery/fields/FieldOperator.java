package dev.ordinal.machinery.fields;

/** The operators of a field requirement; upstream reads {@code ==} as {@code =}. */
public enum FieldOperator {
    /** {@code field=value} or {@code field==value}. */
    EQUALS("="),
    /** {@code field!=value}. */
    NOT_EQUALS("!=");

    private final String symbol;

    FieldOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in the canonical string. */
    public String symbol() {
        return symbol;
    }
}
