package dev.ordinal.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The user a request is served as, kept on the request as upstream keeps it in the request's
 * context: set by authentication (and replaced by impersonation), read by authorization,
 * admission and the review APIs.
 */
public final class RequestUser {

    private static final String ATTRIBUTE = RequestUser.class.getName();

    private RequestUser() {
    }

    /** The request's user; {@link UserInfo#UNSECURED} when no authenticator has run. */
    public static UserInfo of(HttpServletRequest request) {
        Object user = request.getAttribute(ATTRIBUTE);
        return user instanceof UserInfo info ? info : UserInfo.UNSECURED;
    }

    public static void set(HttpServletRequest request, UserInfo user) {
        request.setAttribute(ATTRIBUTE, user);
    }
}
