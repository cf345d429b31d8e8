package dev.ordinal.api;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.authorization.Attributes;
import dev.ordinal.registry.authorization.Authorizer;
import dev.ordinal.registry.authorization.Decision;
import dev.ordinal.security.RequestUser;
import dev.ordinal.security.UserInfo;

/**
 * kube-apiserver's impersonation filter ({@code endpoints/filters/impersonation.go}): a request
 * with {@code Impersonate-User} (and optionally {@code Impersonate-Group},
 * {@code Impersonate-Uid}, {@code Impersonate-Extra-<key>}) is served as that user, once the
 * requester is authorized to {@code impersonate} each of them: {@code users}, {@code groups},
 * {@code uids} and {@code userextras/<key>} ({@code authentication.k8s.io}), or the
 * {@code serviceaccounts} of a {@code system:serviceaccount:<namespace>:<name>} user. The user
 * impersonated is in {@code system:authenticated} unless the groups asked for say otherwise.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class ImpersonationFilter extends OncePerRequestFilter {

    static final String USER = "Impersonate-User";
    static final String GROUP = "Impersonate-Group";
    static final String UID = "Impersonate-Uid";
    static final String EXTRA_PREFIX = "impersonate-extra-";
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    private static final String AUTHENTICATION_GROUP = "authentication.k8s.io";

    /** One thing the request asks to act as, upstream's ObjectReference of an impersonation request. */
    private record Impersonation(String kind, String namespace, String name, String apiVersion, String fieldPath) {

        /** Go's {@code %v} of the ObjectReference, as upstream's error prints it. */
        @Override
        public String toString() {
            return "{" + kind + " " + namespace + " " + name + "  " + apiVersion + "  " + fieldPath + "}";
        }
    }

    private final Authorizer authorizer;
    private final JsonMapper mapper;

    ImpersonationFilter(Authorizer authorizer, JsonMapper mapper) {
        this.authorizer = authorizer;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<Impersonation> impersonations = impersonations(request);
        if (impersonations.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        boolean hasUser = impersonations.stream().anyMatch(i -> i.kind().equals("User")
                || i.kind().equals("ServiceAccount"));
        if (!hasUser) {
            // Upstream answers this with an internal error; it is the request that is wrong, and no
            // input gets a 5xx here, so a bad request with upstream's words.
            String requested = impersonations.stream().map(Impersonation::toString)
                    .collect(Collectors.joining(" ", "[", "]"));
            AuthorizationFilter.writeStatus(response, mapper, StatusError.badRequest("requested " + requested
                    + " without impersonating a user"));
            return;
        }
        UserInfo requester = RequestUser.of(request);
        boolean groupsSpecified = request.getHeader(GROUP) != null;
        String username = "";
        String uid = "";
        List<String> groups = new ArrayList<>();
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (Impersonation impersonation : impersonations) {
            String resource;
            String subresource = "";
            String group = "";
            switch (impersonation.kind()) {
                case "ServiceAccount" -> {
                    resource = "serviceaccounts";
                    username = SERVICE_ACCOUNT_PREFIX + impersonation.namespace() + ":" + impersonation.name();
                    if (!groupsSpecified) {
                        groups = new ArrayList<>(List.of("system:serviceaccounts",
                                "system:serviceaccounts:" + impersonation.namespace()));
                    }
                }
                case "User" -> {
                    resource = "users";
                    username = impersonation.name();
                }
                case "Group" -> {
                    resource = "groups";
                    groups.add(impersonation.name());
                }
                case "UserExtra" -> {
                    resource = "userextras";
                    subresource = impersonation.fieldPath();
                    group = AUTHENTICATION_GROUP;
                    extra.computeIfAbsent(impersonation.fieldPath(), k -> new ArrayList<>()).add(impersonation.name());
                }
                default -> {
                    resource = "uids";
                    group = AUTHENTICATION_GROUP;
                    uid = impersonation.name();
                }
            }
            Attributes actingAs = Attributes.resource(requester, "impersonate", impersonation.namespace(), group,
                    group.isEmpty() ? "" : "v1", resource, subresource, impersonation.name());
            Decision decision = authorizer.authorize(actingAs);
            if (!decision.allowed()) {
                AuthorizationFilter.writeStatus(response, mapper,
                        AuthorizationFilter.forbidden(actingAs, decision.reason()));
                return;
            }
        }
        groups.add(impersonatedGroup(username, groups));
        groups.removeIf(String::isEmpty);
        RequestUser.set(request, new UserInfo(username, uid, groups, extra));
        chain.doFilter(request, response);
    }

    /**
     * Upstream adds {@code system:authenticated} to a user other than {@code system:anonymous}
     * unless the groups asked for hold it or {@code system:unauthenticated}, and
     * {@code system:unauthenticated} to the anonymous user unless asked for; "" when nothing is added.
     */
    private static String impersonatedGroup(String username, List<String> groups) {
        if (!username.equals(UserInfo.ANONYMOUS.name())) {
            return groups.contains(UserInfo.AUTHENTICATED_GROUP) || groups.contains(UserInfo.UNAUTHENTICATED_GROUP)
                    ? "" : UserInfo.AUTHENTICATED_GROUP;
        }
        return groups.contains(UserInfo.UNAUTHENTICATED_GROUP) ? "" : UserInfo.UNAUTHENTICATED_GROUP;
    }

    /** Upstream's {@code buildImpersonationRequests}: the user, then each group, extra value and the uid. */
    private static List<Impersonation> impersonations(HttpServletRequest request) {
        List<Impersonation> impersonations = new ArrayList<>();
        String user = request.getHeader(USER);
        if (user != null && !user.isEmpty()) {
            String[] serviceAccount = serviceAccount(user);
            impersonations.add(serviceAccount != null
                    ? new Impersonation("ServiceAccount", serviceAccount[0], serviceAccount[1], "", "")
                    : new Impersonation("User", "", user, "", ""));
        }
        for (String group : Collections.list(request.getHeaders(GROUP))) {
            impersonations.add(new Impersonation("Group", "", group, "", ""));
        }
        for (String header : Collections.list(request.getHeaderNames())) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (!lower.startsWith(EXTRA_PREFIX)) {
                continue;
            }
            String key = unescape(lower.substring(EXTRA_PREFIX.length()));
            for (String value : Collections.list(request.getHeaders(header))) {
                impersonations.add(new Impersonation("UserExtra", "", value, AUTHENTICATION_GROUP + "/v1", key));
            }
        }
        String uid = request.getHeader(UID);
        if (uid != null && !uid.isEmpty()) {
            impersonations.add(new Impersonation("UID", "", uid, AUTHENTICATION_GROUP + "/v1", ""));
        }
        return impersonations;
    }

    /** Upstream's {@code SplitUsername}: namespace and name of a ServiceAccount's user name, or null. */
    private static String[] serviceAccount(String user) {
        if (!user.startsWith(SERVICE_ACCOUNT_PREFIX)) {
            return null;
        }
        String[] parts = user.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
        if (parts.length != 2 || !Formats.dns1123Label(parts[0]).isEmpty()
                || !Formats.dns1123Subdomain(parts[1]).isEmpty()) {
            return null;
        }
        return parts;
    }

    /** Extra keys are percent-encoded in header names; one that does not decode is used as it is. */
    private static String unescape(String key) {
        try {
            return URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }
}
