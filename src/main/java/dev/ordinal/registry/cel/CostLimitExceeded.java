package dev.ordinal.registry.cel;

/**
 * An evaluation stopped because it spent more than its limit: {@link #perCall()} when one expression
 * went past the per-call limit (cel-go's {@code operation cancelled: actual cost limit exceeded}),
 * otherwise the budget shared by all expressions of a request ran out.
 */
public class CostLimitExceeded extends CelEvaluationError {

    private final boolean perCall;

    CostLimitExceeded(boolean perCall) {
        super("operation cancelled: actual cost limit exceeded");
        this.perCall = perCall;
    }

    public boolean perCall() {
        return perCall;
    }
}
