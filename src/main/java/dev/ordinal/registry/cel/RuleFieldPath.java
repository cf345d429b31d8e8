package dev.ordinal.registry.cel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

/**
 * A rule's {@code fieldPath} ({@code .spec.replicas}, {@code .labels['app']}), resolved against the
 * schema of the node that declares the rule as upstream's {@code ValidFieldPath} resolves it: a
 * property by {@code .name} or {@code ['name']}, a map key by {@code ['key']}. The result is the
 * suffix to append to the node's error path ({@code .replicas}, {@code .labels[app]}).
 */
final class RuleFieldPath {

    private static final Pattern SEGMENT = Pattern.compile("\\.([a-zA-Z_][a-zA-Z0-9_-]*)|\\['((?:[^'\\\\]|\\\\.)*)'\\]");

    private RuleFieldPath() {
    }

    static Optional<String> resolve(String fieldPath, JSONSchemaProps schema) {
        String path = fieldPath.trim();
        StringBuilder suffix = new StringBuilder();
        JSONSchemaProps current = schema;
        Matcher matcher = SEGMENT.matcher(path);
        int position = 0;
        while (position < path.length()) {
            if (!matcher.find(position) || matcher.start() != position || current == null) {
                return Optional.empty();
            }
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2).replaceAll("\\\\(.)", "$1");
            JSONSchemaProps additional = SchemaTypes.additionalProperties(current);
            if (additional != null) {
                suffix.append('[').append(name).append(']');
                current = additional;
            } else if (current.getProperties() != null && current.getProperties().containsKey(name)) {
                suffix.append('.').append(name);
                current = current.getProperties().get(name);
            } else {
                return Optional.empty();
            }
            position = matcher.end();
        }
        return suffix.isEmpty() ? Optional.empty() : Optional.of(suffix.toString());
    }
}
