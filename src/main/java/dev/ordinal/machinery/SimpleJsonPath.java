package dev.ordinal.machinery;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON paths a CustomResourceDefinition names fields by ({@code .spec.replicas},
 * {@code .status.conditions[0].type}, {@code .metadata.labels.app\.kubernetes\.io/name},
 * {@code .spec.items[*].name}): the subset of kubectl's JSONPath upstream's printer columns, scale
 * subresource and selectable fields use, fields by name (a backslash escapes a dot), list items
 * by index or {@code [*]}, map keys in {@code ['...']}.
 */
public final class SimpleJsonPath {

    private sealed interface Step permits Field, Index, All {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record All() implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private SimpleJsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Parses {@code path}; one that is not of this subset is refused with IllegalArgumentException. */
    public static SimpleJsonPath parse(String path) {
        String inner = path.startsWith("{") && path.endsWith("}") ? path.substring(1, path.length() - 1) : path;
        if (!inner.startsWith(".")) {
            throw new IllegalArgumentException("must start with .");
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (c == '.') {
                StringBuilder name = new StringBuilder();
                i++;
                while (i < inner.length() && inner.charAt(i) != '.' && inner.charAt(i) != '[') {
                    if (inner.charAt(i) == '\\' && i + 1 < inner.length()) {
                        i++;
                    }
                    name.append(inner.charAt(i));
                    i++;
                }
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty field name");
                }
                steps.add(new Field(name.toString()));
            } else if (c == '[') {
                int end = inner.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated [");
                }
                String index = inner.substring(i + 1, end);
                if (index.equals("*")) {
                    steps.add(new All());
                } else if (index.length() >= 2 && (index.startsWith("'") && index.endsWith("'")
                        || index.startsWith("\"") && index.endsWith("\""))) {
                    steps.add(new Field(index.substring(1, index.length() - 1)));
                } else {
                    try {
                        steps.add(new Index(Integer.parseInt(index)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("invalid array index " + index);
                    }
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected " + c);
            }
        }
        return new SimpleJsonPath(path, steps);
    }

    /** The field names of a path of fields only, e.g. {@code [spec, replicas]}. */
    public List<String> fields() {
        return steps.stream().filter(Field.class::isInstance).map(s -> ((Field) s).name()).toList();
    }

    /** The first value the path finds in {@code root}. */
    public Optional<JsonNode> first(JsonNode root) {
        List<JsonNode> found = all(root);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every value the path finds in {@code root}, in document order. */
    public List<JsonNode> all(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step instanceof Field field) {
                    JsonNode value = node.isObject() ? node.get(field.name()) : null;
                    if (value != null) {
                        next.add(value);
                    }
                } else if (step instanceof Index index) {
                    int at = index.index() < 0 ? node.size() + index.index() : index.index();
                    if (node.isArray() && at >= 0 && at < node.size()) {
                        next.add(node.get(at));
                    }
                } else if (node.isArray() || node.isObject()) {
                    node.forEach(next::add);
                }
            }
            current = next;
        }
        return current;
    }

    /** Sets the value at a path of fields only, making the objects on the way. */
    public void set(ObjectNode root, JsonNode value) {
        List<String> names = fields();
        ObjectNode node = root;
        for (int i = 0; i < names.size() - 1; i++) {
            node = node.withObject(names.get(i));
        }
        node.set(names.get(names.size() - 1), value);
    }

    @Override
    public String toString() {
        return text;
    }
}
