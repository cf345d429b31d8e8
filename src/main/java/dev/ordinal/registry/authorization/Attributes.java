package dev.ordinal.registry.authorization;

import dev.ordinal.security.UserInfo;

/**
 * What an authorizer decides on, upstream's {@code authorizer.Attributes}: who asks to do which
 * verb, either on a resource (its group, version, resource, subresource, namespace and name) or
 * on a non-resource path such as {@code /healthz}.
 */
public record Attributes(UserInfo user, String verb, String namespace, String apiGroup, String apiVersion,
                         String resource, String subresource, String name, boolean resourceRequest, String path) {

    public Attributes {
        namespace = namespace == null ? "" : namespace;
        apiGroup = apiGroup == null ? "" : apiGroup;
        apiVersion = apiVersion == null ? "" : apiVersion;
        resource = resource == null ? "" : resource;
        subresource = subresource == null ? "" : subresource;
        name = name == null ? "" : name;
        path = path == null ? "" : path;
    }

    public static Attributes resource(UserInfo user, String verb, String namespace, String apiGroup,
                                      String apiVersion, String resource, String subresource, String name) {
        return new Attributes(user, verb, namespace, apiGroup, apiVersion, resource, subresource, name, true, "");
    }

    public static Attributes nonResource(UserInfo user, String verb, String path) {
        return new Attributes(user, verb, "", "", "", "", "", "", false, path);
    }

    /**
     * Upstream's {@code forbiddenMessage}: what the user may not do, as a Forbidden status and
     * kubectl show it after "is forbidden: ".
     */
    public String forbiddenMessage() {
        if (!resourceRequest) {
            return "User \"%s\" cannot %s path \"%s\"".formatted(user.name(), verb, path);
        }
        String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
        if (!namespace.isEmpty()) {
            return "User \"%s\" cannot %s resource \"%s\" in API group \"%s\" in the namespace \"%s\""
                    .formatted(user.name(), verb, combined, apiGroup, namespace);
        }
        return "User \"%s\" cannot %s resource \"%s\" in API group \"%s\" at the cluster scope"
                .formatted(user.name(), verb, combined, apiGroup);
    }
}
