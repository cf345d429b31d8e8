package dev.ordinal.registry.cel;

/**
 * An expression that failed at run time, with cel-go's wording of the failure ({@code no such key: x},
 * {@code division by zero}, ...), which upstream embeds in the errors a client sees.
 */
public class CelEvaluationError extends Exception {

    public CelEvaluationError(String message) {
        super(message);
    }
}
