package dev.ordinal.registry.admissionregistration;

import java.util.List;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.registry.cel.CelCompileException;
import dev.ordinal.registry.cel.CelEnvironment;
import dev.ordinal.registry.cel.CompiledExpression;

/**
 * Upstream's check of an admission expression ({@code validateCELCondition}): it compiles, and its
 * result has the type its place needs, reported on the expression's path with the expression as
 * the bad value.
 */
final class CelExpressionValidation {

    private CelExpressionValidation() {
    }

    /** {@code expectedType} null accepts any result type. */
    static List<FieldError> validate(String expression, String path, String expectedType, CelEnvironment environment) {
        try {
            CompiledExpression compiled = environment.compile(expression);
            if (expectedType != null && !compiled.resultTypeName().equals(expectedType)) {
                return List.of(FieldError.invalid(path, expression, "must evaluate to " + expectedType + " but got "
                        + compiled.resultTypeName()));
            }
            return List.of();
        } catch (CelCompileException e) {
            return List.of(FieldError.invalid(path, expression, "compilation failed: " + e.getMessage()));
        }
    }
}
