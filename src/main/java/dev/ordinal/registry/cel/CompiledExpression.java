package dev.ordinal.registry.cel;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cel.common.CelErrorCode;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/** A checked expression ready to run, with the type the checker gave its result. */
public final class CompiledExpression {

    private static final Pattern EVALUATION_PREFIX = Pattern.compile("^evaluation error(?: at <input>:\\d+)?: ");
    private static final Pattern MISSING_KEY = Pattern.compile("key '(.*)' is not present in map\\.?");

    private final String source;
    private final CelType resultType;
    private final CelRuntime.Program program;
    private final CelExpr ast;

    CompiledExpression(String source, CelType resultType, CelRuntime.Program program, CelExpr ast) {
        this.source = source;
        this.resultType = resultType;
        this.program = program;
        this.ast = ast;
    }

    public String source() {
        return source;
    }

    /** The result type as cel-go names it ({@code bool}, {@code string}, {@code dyn}, {@code list(int)}). */
    public String resultTypeName() {
        return CelTypeNames.name(resultType);
    }

    CelType resultType() {
        return resultType;
    }

    CelExpr ast() {
        return ast;
    }

    /** Whether the expression refers to the variable {@code name} anywhere. */
    public boolean uses(String name) {
        return CelExpressions.referencesIdentifier(ast, name);
    }

    /**
     * Evaluates with the given variables, spending from {@code budget}: at most
     * {@link CostBudget#PER_CALL_LIMIT} and never more than the budget still holds.
     */
    public Object evaluate(Map<String, ?> variables, CostBudget budget) throws CelEvaluationError {
        long[] spent = {0};
        long limit = Math.min(CostBudget.PER_CALL_LIMIT, budget.remaining());
        try {
            return program.trace(variables, (expr, value) -> {
                spent[0] += CostBudget.costOf(value);
                if (spent[0] > limit) {
                    throw new CostLimitSignal(spent[0] > CostBudget.PER_CALL_LIMIT);
                }
            });
        } catch (CelEvaluationException e) {
            CostLimitSignal signal = findSignal(e);
            if (signal != null) {
                budget.spend(signal.perCall ? spent[0] : budget.remaining() + 1);
                throw new CostLimitExceeded(signal.perCall);
            }
            throw new CelEvaluationError(celGoText(e));
        } finally {
            if (spent[0] <= limit) {
                budget.spend(spent[0]);
            }
        }
    }

    private static CostLimitSignal findSignal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CostLimitSignal signal) {
                return signal;
            }
        }
        return null;
    }

    /** cel-java words its runtime errors its own way; upstream's messages quote cel-go's words. */
    static String celGoText(CelEvaluationException e) {
        String message = Optional.ofNullable(e.getCause()).map(Throwable::getMessage).orElse(e.getMessage());
        message = EVALUATION_PREFIX.matcher(message).replaceFirst("");
        CelErrorCode code = e.getErrorCode();
        if (code == null) {
            return message;
        }
        return switch (code) {
            case ATTRIBUTE_NOT_FOUND -> {
                Matcher missing = MISSING_KEY.matcher(message);
                yield missing.matches() ? "no such key: " + missing.group(1)
                        : message.startsWith("Error resolving field") ? "no such overload" : "no such key: " + message;
            }
            case DIVIDE_BY_ZERO -> "division by zero";
            case NUMERIC_OVERFLOW -> "integer overflow";
            case INDEX_OUT_OF_BOUNDS -> message.replaceFirst("^Index out of bounds", "index out of bounds");
            case OVERLOAD_NOT_FOUND -> "no such overload";
            default -> message;
        };
    }

    /** Thrown from the evaluation listener to stop an evaluation that spent its limit. */
    private static final class CostLimitSignal extends RuntimeException {
        final boolean perCall;

        CostLimitSignal(boolean perCall) {
            super("cost limit", null, false, false);
            this.perCall = perCall;
        }
    }
}
