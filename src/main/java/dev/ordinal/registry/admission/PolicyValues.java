package dev.ordinal.registry.admission;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.cel.common.values.NullValue;

import dev.ordinal.security.UserInfo;

/** The values of a policy's CEL variables: objects as untyped JSON, {@code request} as an AdmissionReview request. */
final class PolicyValues {

    private PolicyValues() {
    }

    static Object of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(entry -> map.put(entry.getKey(), of(entry.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new java.util.ArrayList<>();
            node.forEach(item -> list.add(of(item)));
            return list;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asString();
    }

    /**
     * The request's authentication.k8s.io/v1 UserInfo as CEL sees it: every field present, so
     * {@code request.userInfo.groups} is a list even when empty.
     */
    private static Map<String, Object> userInfo(UserInfo user) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("username", user.name());
        info.put("uid", user.uid());
        info.put("groups", user.groups());
        Map<String, Object> extra = new LinkedHashMap<>(user.extra());
        info.put("extra", extra);
        return info;
    }

    static Map<String, Object> request(AdmissionAttributes attributes) {
        var definition = attributes.definition();
        Map<String, Object> kind = Map.of("group", definition.group(), "version", definition.version(),
                "kind", definition.kind());
        Map<String, Object> resource = Map.of("group", definition.group(), "version", definition.version(),
                "resource", definition.plural());
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("kind", kind);
        request.put("resource", resource);
        request.put("subResource", attributes.subresource());
        request.put("requestKind", kind);
        request.put("requestResource", resource);
        request.put("requestSubResource", attributes.subresource());
        request.put("name", attributes.name() == null ? "" : attributes.name());
        request.put("namespace", attributes.namespace() == null ? "" : attributes.namespace());
        request.put("operation", attributes.operation().name());
        request.put("userInfo", userInfo(attributes.user()));
        request.put("dryRun", attributes.dryRun());
        return request;
    }
}
