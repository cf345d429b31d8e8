package dev.ordinal.registry.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationExceptionBuilder;

/** The runtime error a library function raises, with the text upstream's function gives. */
final class LibraryErrors {

    private LibraryErrors() {
    }

    static CelEvaluationException error(String message) {
        return CelEvaluationExceptionBuilder.newBuilder("%s", message).build();
    }
}
