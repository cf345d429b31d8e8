package dev.ordinal.security;

import java.util.List;
import java.util.Map;

/**
 * Who made a request, as upstream's {@code user.Info}: the name, uid, groups and extra values an
 * authenticator found, and what authorization, impersonation and the review APIs decide on.
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    /** Upstream's {@code system:masters}: every request of a member is allowed. */
    public static final String MASTERS_GROUP = "system:masters";
    public static final String AUTHENTICATED_GROUP = "system:authenticated";
    public static final String UNAUTHENTICATED_GROUP = "system:unauthenticated";

    /**
     * Every request when security is off: kube-apiserver's old insecure port answered as
     * {@code system:unsecured} in {@code system:masters}, so nothing is refused, and a client can
     * still impersonate another user to see what RBAC would let that user do.
     */
    public static final UserInfo UNSECURED = new UserInfo("system:unsecured", "",
            List.of(MASTERS_GROUP, AUTHENTICATED_GROUP), Map.of());

    /**
     * Who the server's own writes are made as (its controllers, simulated kubelets and scheduler),
     * as kube-apiserver's loopback client, {@code system:apiserver} in {@code system:masters}.
     */
    public static final UserInfo APISERVER = new UserInfo("system:apiserver", "",
            List.of(MASTERS_GROUP, AUTHENTICATED_GROUP), Map.of());

    /** A request no authenticator recognised, when anonymous requests are allowed. */
    public static final UserInfo ANONYMOUS = new UserInfo("system:anonymous", "",
            List.of(UNAUTHENTICATED_GROUP), Map.of());

    public UserInfo {
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }
}
