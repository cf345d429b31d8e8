package dev.ordinal.registry;

import dev.ordinal.security.UserInfo;

/**
 * The options of a delete (meta/v1 DeleteOptions): grace period, propagation policy
 * (Orphan, Background, Foreground, or "" for the kind's default) and preconditions; and who
 * deletes, as admission sees it.
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                            String preconditionResourceVersion, boolean dryRun, UserInfo user) {

    /** A delete the server makes itself, as {@link UserInfo#APISERVER}. */
    public DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                         String preconditionResourceVersion, boolean dryRun) {
        this(gracePeriodSeconds, propagationPolicy, preconditionUid, preconditionResourceVersion, dryRun,
                UserInfo.APISERVER);
    }

    /** Dependents lose their ownerReference to the deleted object and stay. */
    public static final String ORPHAN = "Orphan";
    /** The object goes at once; the garbage collector deletes its dependents afterwards. */
    public static final String BACKGROUND = "Background";
    /** The object stays until the garbage collector has deleted its blocking dependents. */
    public static final String FOREGROUND = "Foreground";

    public static DeleteOptions defaults() {
        return new DeleteOptions(null, "", "", "", false);
    }
}
