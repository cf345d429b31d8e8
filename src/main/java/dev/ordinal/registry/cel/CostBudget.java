package dev.ordinal.registry.cel;

/**
 * What evaluations may still spend, as upstream's {@code celconfig}: one expression at most
 * {@link #PER_CALL_LIMIT}, all expressions of one request together at most
 * {@link #RUNTIME_BUDGET}. Cost is counted as the evaluator visits the expression: one unit per
 * evaluated node, plus a tenth of a unit per character of every string it produces, since cel-go
 * charges string work by length. It is not cel-go's exact figure, but it grows as cel-go's does,
 * so a rule that loops over a large list runs out where upstream's does.
 */
public final class CostBudget {

    /** Upstream {@code celconfig.PerCallLimit}. */
    public static final long PER_CALL_LIMIT = 1_000_000;
    /** Upstream {@code celconfig.RuntimeCELCostBudget}: shared by the rules of one object. */
    public static final long RUNTIME_BUDGET = 10_000_000;

    private long remaining;

    public CostBudget(long remaining) {
        this.remaining = remaining;
    }

    /** A fresh budget for one request. */
    public static CostBudget perRequest() {
        return new CostBudget(RUNTIME_BUDGET);
    }

    public long remaining() {
        return remaining;
    }

    public boolean exhausted() {
        return remaining < 0;
    }

    void spend(long cost) {
        remaining -= cost;
    }

    static long costOf(Object value) {
        if (value instanceof String text) {
            return 1 + (text.length() + 9) / 10;
        }
        return 1;
    }
}
