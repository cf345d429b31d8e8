package dev.ordinal.registry;

/**
 * The options of a delete (meta/v1 DeleteOptions): grace period, propagation policy
 * (Orphan, Background, Foreground, or "" for the kind's default) and preconditions.
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                            String preconditionResourceVersion, boolean dryRun) {

    public static DeleteOptions defaults() {
        return new DeleteOptions(null, "", "", "", false);
    }
}
