package dev.ordinal.controller;

import java.util.List;

import dev.ordinal.machinery.StatusError;

/** Errors of one sync: API answers the controller tells apart, and upstream's error aggregate. */
public final class SyncErrors {

    private SyncErrors() {
    }

    public static boolean isNotFound(RuntimeException e) {
        return e instanceof StatusError status && "NotFound".equals(status.reason());
    }

    public static boolean isAlreadyExists(RuntimeException e) {
        return e instanceof StatusError status && "AlreadyExists".equals(status.reason());
    }

    public static boolean isConflict(RuntimeException e) {
        return e instanceof StatusError status && "Conflict".equals(status.reason());
    }

    /**
     * Throws the errors as one, with upstream's aggregate message: the message itself for one
     * error, {@code [first, second]} for more. Nothing happens for none.
     */
    public static void throwIfAny(List<RuntimeException> errors) {
        if (errors.isEmpty()) {
            return;
        }
        if (errors.size() == 1) {
            throw errors.get(0);
        }
        IllegalStateException aggregate = new IllegalStateException(
                "[" + String.join(", ", errors.stream().map(Throwable::getMessage).toList()) + "]");
        errors.forEach(aggregate::addSuppressed);
        throw aggregate;
    }
}
