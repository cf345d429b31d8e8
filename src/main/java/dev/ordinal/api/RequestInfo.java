package dev.ordinal.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import dev.ordinal.registry.authorization.Attributes;
import dev.ordinal.registry.rest.NameRule;
import dev.ordinal.security.UserInfo;

/**
 * What a resource request addresses, parsed from its path as upstream's
 * {@code RequestInfoFactory} does: {@code /api/v1/...} or {@code /apis/{group}/{version}/...},
 * then {@code [namespaces/{ns}/]{resource}[/{name}[/{subresource}]]}. "namespaces/{name}" alone
 * addresses the namespace itself.
 */
record RequestInfo(String group, String version, String namespace, String resource, String name,
                   String subresource) {

    /** The info of a resource path, or null when the path names no resource (discovery). */
    static RequestInfo parse(String path) {
        List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList());
        String group;
        String version;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            version = parts.get(1);
            parts = parts.subList(2, parts.size());
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            version = parts.get(2);
            parts = parts.subList(3, parts.size());
        } else {
            return null;
        }
        if (parts.isEmpty()) {
            return null;
        }
        String namespace = "";
        // "status" and "finalize" after namespaces/{name} are the namespace's own subresources.
        if (parts.get(0).equals("namespaces")) {
            if (parts.size() >= 3 && !List.of("status", "finalize").contains(parts.get(2))) {
                namespace = parts.get(1);
                parts = parts.subList(2, parts.size());
            }
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : "";
        String subresource = parts.size() > 2 ? parts.get(2) : "";
        if (parts.size() > 3) {
            return new RequestInfo(group, version, namespace, resource, name, String.join("/", parts.subList(2,
                    parts.size())));
        }
        return new RequestInfo(group, version, namespace, resource, name, subresource);
    }

    boolean isCollection() {
        return name.isEmpty();
    }

    /** Upstream's verbs that come as a path segment after the version rather than from the method. */
    private static final Set<String> SPECIAL_VERBS = Set.of("watch", "proxy");

    /**
     * What authorization decides on for a request, as upstream's {@code RequestInfoFactory} and
     * {@code GetAuthorizerAttributes} work it out: a path under {@code /api/{version}/} or
     * {@code /apis/{group}/{version}/} with something after it is a resource request, anything
     * else ({@code /healthz}, {@code /apis}, {@code /openapi/v2}) a non-resource one whose verb
     * is the lower-cased method. A resource request's verb comes from a {@code watch} or
     * {@code proxy} segment or from the method (a GET without a name lists, or watches with
     * {@code watch=true}; a DELETE without a name is deletecollection); the namespace of
     * {@code namespaces/{name}} is that name.
     */
    static Attributes authorizationAttributes(HttpServletRequest request, String path, UserInfo user) {
        List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        int versionIndex = parts.isEmpty() ? -1 : switch (parts.get(0)) {
            case "api" -> 1;
            case "apis" -> 2;
            default -> -1;
        };
        String method = request.getMethod();
        if (versionIndex < 0 || parts.size() < versionIndex + 2) {
            return Attributes.nonResource(user, method.toLowerCase(Locale.ROOT), path);
        }
        List<String> rest = parts.subList(versionIndex + 1, parts.size());
        String verb = switch (method) {
            case "POST" -> "create";
            case "GET", "HEAD" -> "get";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> "";
        };
        if (SPECIAL_VERBS.contains(rest.get(0))) {
            verb = rest.get(0);
            rest = rest.subList(1, rest.size());
        }
        String root = "/" + String.join("/", parts.subList(0, versionIndex + 1)) + "/";
        RequestInfo info = rest.isEmpty() ? null : parse(root + String.join("/", rest));
        String namespace = info == null ? "" : info.namespace();
        String resource = info == null ? "" : info.resource();
        String name = info == null ? "" : info.name();
        // Only the first segment after the name is the subresource; a proxy request has none.
        String subresource = info == null || verb.equals("proxy") ? "" : info.subresource().split("/", 2)[0];
        if (resource.equals("namespaces") && !name.isEmpty()) {
            namespace = name;
        }
        if (name.isEmpty() && verb.equals("get")) {
            verb = QueryBoolean.isSet(request, "watch") ? "watch" : "list";
            name = nameFromFieldSelector(request.getParameter("fieldSelector"));
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        String group = versionIndex == 2 ? parts.get(1) : "";
        return Attributes.resource(user, verb, namespace, group, parts.get(versionIndex), resource, subresource, name);
    }

    /** The name a list or watch selects with {@code metadata.name=x}, which rules with resourceNames allow. */
    private static String nameFromFieldSelector(String selector) {
        if (selector == null) {
            return "";
        }
        for (String term : selector.split(",")) {
            String[] sides = term.trim().split("==?", 2);
            if (sides.length == 2 && sides[0].trim().equals("metadata.name") && !sides[1].startsWith("=")
                    && NameRule.PATH_SEGMENT.check(sides[1].trim(), false).isEmpty()) {
                return sides[1].trim();
            }
        }
        return "";
    }
}
