package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.go.GoText;

/**
 * One step of a field path, as structured-merge-diff's {@code fieldpath.PathElement}: a field of
 * a map, the item of an associative list with these key values, the item of a set with this
 * value, or the item at an index of an atomic list. Elements sort fields first, then keys, values
 * and indexes, which is the order FieldsV1 lists them in.
 */
public final class PathElement implements Comparable<PathElement> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    enum Kind { FIELD, KEY, VALUE, INDEX }

    /** One key field of an associative list item. */
    public record KeyField(String name, JsonNode value) {
    }

    private final Kind kind;
    private final String name;
    private final List<KeyField> key;
    private final JsonNode value;
    private final int index;

    private PathElement(Kind kind, String name, List<KeyField> key, JsonNode value, int index) {
        this.kind = kind;
        this.name = name;
        this.key = key;
        this.value = value;
        this.index = index;
    }

    public static PathElement field(String name) {
        return new PathElement(Kind.FIELD, name, null, null, 0);
    }

    /** An associative list item by its key fields (sorted by name here). */
    public static PathElement key(List<KeyField> fields) {
        List<KeyField> sorted = new ArrayList<>(fields);
        sorted.sort(Comparator.comparing(KeyField::name, GoText.BYTE_ORDER));
        return new PathElement(Kind.KEY, null, List.copyOf(sorted), null, 0);
    }

    public static PathElement value(JsonNode value) {
        return new PathElement(Kind.VALUE, null, null, value, 0);
    }

    public static PathElement index(int index) {
        return new PathElement(Kind.INDEX, null, null, null, index);
    }

    Kind kind() {
        return kind;
    }

    /** The field name of a {@link Kind#FIELD} element, else null. */
    public String fieldName() {
        return name;
    }

    /**
     * The FieldsV1 form: {@code f:<name>}, {@code k:<json object of the keys>},
     * {@code v:<json value>} or {@code i:<index>}, with Go's JSON encoding.
     */
    public String encode() {
        return switch (kind) {
            case FIELD -> "f:" + name;
            case KEY -> {
                StringBuilder out = new StringBuilder("k:{");
                for (int i = 0; i < key.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(JsonValues.goJson(JSON.getNodeFactory().stringNode(key.get(i).name())))
                            .append(':').append(JsonValues.goJson(key.get(i).value()));
                }
                yield out.append('}').toString();
            }
            case VALUE -> "v:" + JsonValues.goJson(value);
            case INDEX -> "i:" + index;
        };
    }

    /**
     * Parses the FieldsV1 form; null for an unknown element type, which upstream skips so that a
     * newer writer's elements do not break an older reader.
     */
    static PathElement decode(String encoded) {
        if (encoded.length() < 2 || encoded.charAt(1) != ':') {
            throw new IllegalArgumentException("invalid path element: " + encoded);
        }
        String content = encoded.substring(2);
        try {
            return switch (encoded.charAt(0)) {
                case 'f' -> field(content);
                case 'v' -> value(JSON.readTree(content));
                case 'k' -> {
                    JsonNode object = JSON.readTree(content);
                    if (!object.isObject()) {
                        throw new IllegalArgumentException("invalid key: " + content);
                    }
                    List<KeyField> fields = new ArrayList<>();
                    for (Map.Entry<String, JsonNode> entry : object.properties()) {
                        fields.add(new KeyField(entry.getKey(), entry.getValue()));
                    }
                    yield key(fields);
                }
                case 'i' -> index(Integer.parseInt(content));
                default -> null;
            };
        } catch (JacksonException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid path element: " + encoded, e);
        }
    }

    @Override
    public int compareTo(PathElement other) {
        if (kind != other.kind) {
            return kind.compareTo(other.kind);
        }
        return switch (kind) {
            case FIELD -> GoText.BYTE_ORDER.compare(name, other.name);
            case KEY -> compareKeys(key, other.key);
            case VALUE -> JsonValues.compare(value, other.value);
            case INDEX -> Integer.compare(index, other.index);
        };
    }

    private static int compareKeys(List<KeyField> a, List<KeyField> b) {
        for (int i = 0; ; i++) {
            if (i >= a.size() || i >= b.size()) {
                return Integer.compare(a.size(), b.size());
            }
            int c = GoText.BYTE_ORDER.compare(a.get(i).name(), b.get(i).name());
            if (c == 0) {
                c = JsonValues.compare(a.get(i).value(), b.get(i).value());
            }
            if (c != 0) {
                return c;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathElement other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        return switch (kind) {
            case FIELD -> name.hashCode();
            case KEY -> {
                int hash = 1;
                for (KeyField field : key) {
                    hash = 31 * hash + field.name().hashCode() + JsonValues.hash(field.value());
                }
                yield hash;
            }
            case VALUE -> JsonValues.hash(value);
            case INDEX -> Objects.hash(kind, index);
        };
    }

    /** The form of conflict messages: {@code .name}, {@code [name="nginx"]}, {@code [=value]}, {@code [0]}. */
    @Override
    public String toString() {
        return switch (kind) {
            case FIELD -> "." + name;
            case KEY -> {
                List<String> parts = new ArrayList<>();
                key.forEach(f -> parts.add(f.name() + "=" + JsonValues.goString(f.value())));
                yield "[" + String.join(",", parts) + "]";
            }
            case VALUE -> "[=" + JsonValues.goString(value) + "]";
            case INDEX -> "[" + index + "]";
        };
    }
}
