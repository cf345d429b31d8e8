package dev.ordinal.registry.authorization;

/**
 * An authorizer's answer, upstream's {@code authorizer.Decision} with its reason. RBAC only ever
 * allows or has no opinion, which the server then refuses; {@code reason} says which binding
 * allowed, or why bindings could not be evaluated.
 */
public record Decision(boolean allowed, String reason) {

    public static Decision allow(String reason) {
        return new Decision(true, reason);
    }

    public static Decision noOpinion(String reason) {
        return new Decision(false, reason);
    }
}
