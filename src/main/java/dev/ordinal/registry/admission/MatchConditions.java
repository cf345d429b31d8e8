package dev.ordinal.registry.admission;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.ordinal.registry.cel.CelCompileException;
import dev.ordinal.registry.cel.CelEnvironment;
import dev.ordinal.registry.cel.CelEvaluationError;
import dev.ordinal.registry.cel.CompiledExpression;
import dev.ordinal.registry.cel.CostBudget;
import dev.ordinal.registry.cel.CostLimitExceeded;

import static dev.ordinal.machinery.JsonFields.text;

/**
 * The matchConditions of an admission webhook or a ValidatingAdmissionPolicy, compiled once, and
 * upstream's {@code matchconditions.Matcher} deciding on them: every condition is evaluated; one
 * false means no match, whatever the others gave; otherwise an evaluation error fails the request
 * under failurePolicy Fail and means no match under Ignore. The conditions of one request share
 * upstream's {@code RuntimeCELCostBudgetMatchConditions}.
 */
public final class MatchConditions {

    /** Upstream {@code celconfig.RuntimeCELCostBudgetMatchConditions}. */
    static final long COST_BUDGET = 2_500_000;
    private static final String OUT_OF_BUDGET =
            "validation failed due to running out of cost budget, no further validation rules will be run";

    private final List<Condition> conditions;

    private MatchConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    /** The conditions of a {@code matchConditions} list, each compiled in {@code environment}. */
    public static MatchConditions compile(JsonNode matchConditions, CelEnvironment environment) {
        List<Condition> compiled = new ArrayList<>();
        matchConditions.forEach(condition -> compiled.add(Condition.compile(text(condition, "expression"), environment)));
        return new MatchConditions(List.copyOf(compiled));
    }

    /** Whether a request matches, or why it must fail. */
    public record Result(boolean matches, String error) {

        static final Result MATCH = new Result(true, null);
        static final Result NO_MATCH = new Result(false, null);

        public boolean failed() {
            return error != null;
        }
    }

    /** An admission webhook's decision: {@code object}, {@code oldObject} and {@code request} of the request. */
    public Result match(AdmissionAttributes attributes, boolean failClosed) {
        if (conditions.isEmpty()) {
            return Result.MATCH;
        }
        Map<String, Object> activation = new HashMap<>();
        activation.put("object", PolicyValues.of(attributes.object() == null ? null : attributes.object().json()));
        activation.put("oldObject", PolicyValues.of(attributes.oldObject() == null ? null : attributes.oldObject().json()));
        activation.put("request", PolicyValues.request(attributes));
        return match(activation, failClosed);
    }

    Result match(Map<String, Object> activation, boolean failClosed) {
        CostBudget budget = new CostBudget(COST_BUDGET);
        List<String> errors = new ArrayList<>();
        for (Condition condition : conditions) {
            if (condition.compileError != null) {
                errors.add("compilation error: " + condition.compileError);
                continue;
            }
            try {
                if (Boolean.FALSE.equals(condition.expression.evaluate(activation, budget))) {
                    return Result.NO_MATCH;
                }
            } catch (CostLimitExceeded e) {
                if (!e.perCall()) {
                    // Upstream's filter stops at an exhausted budget and reports only that.
                    return failClosed ? new Result(false, OUT_OF_BUDGET) : Result.NO_MATCH;
                }
                errors.add(resultedInError(condition, e));
            } catch (CelEvaluationError e) {
                errors.add(resultedInError(condition, e));
            }
        }
        if (errors.isEmpty()) {
            return Result.MATCH;
        }
        // Upstream aggregates the errors: one as it is, several as [e1, e2].
        return failClosed ? new Result(false, errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]")
                : Result.NO_MATCH;
    }

    private static String resultedInError(Condition condition, CelEvaluationError e) {
        return "expression '" + condition.expression.source() + "' resulted in error: " + e.getMessage();
    }

    /** One condition: compiled, or why it does not compile (only a condition stored before it was checked). */
    private record Condition(CompiledExpression expression, String compileError) {

        static Condition compile(String expression, CelEnvironment environment) {
            try {
                return new Condition(environment.compile(expression), null);
            } catch (CelCompileException e) {
                return new Condition(null, "compilation failed: " + e.getMessage());
            }
        }
    }
}
