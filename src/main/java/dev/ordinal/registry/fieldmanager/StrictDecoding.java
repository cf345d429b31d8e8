package dev.ordinal.registry.fieldmanager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The strict decoding checks of upstream's JSON decoder (sigs.k8s.io/json with
 * {@code DisallowUnknownFields} and {@code DisallowDuplicateFields}): fields the kind's schema does
 * not declare, and keys given twice in one object, each reported once, in document order, by its
 * path ({@code spec.template.spec.containers[0].bogus}), at most 100 of them.
 */
public final class StrictDecoding {

    private static final int MAX_ERRORS = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StrictDecoding() {
    }

    /** Unknown and duplicate fields of a JSON body, e.g. {@code unknown field "spec.bogusField"}. */
    public static List<String> errors(byte[] json, TypeSchema type) {
        Set<String> errors = new LinkedHashSet<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != null) {
                scan(parser, Optional.of(type), "", errors);
            }
        }
        return limited(errors);
    }

    /** Duplicate fields of a JSON body, whatever its schema. */
    public static List<String> duplicates(byte[] json) {
        return errors(json, TypeSchema.DEDUCED);
    }

    /**
     * Keys given twice in one object of a JSON body, as the YAML decoder of an apply patch reports
     * them: {@code line 1: key "replicas" already set in map}.
     */
    public static List<String> repeatedKeys(byte[] json) {
        List<String> repeated = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            List<Set<String>> open = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.START_OBJECT) {
                    open.add(new HashSet<>());
                } else if (token == JsonToken.END_OBJECT) {
                    open.remove(open.size() - 1);
                } else if (token == JsonToken.PROPERTY_NAME && !open.get(open.size() - 1).add(parser.currentName())) {
                    repeated.add("line " + parser.currentLocation().getLineNr() + ": key "
                            + quote(parser.currentName()) + " already set in map");
                }
            }
        }
        return repeated;
    }

    /** Removes the fields the schema does not declare from {@code object}, answering their errors. */
    public static List<String> pruneUnknown(ObjectNode object, TypeSchema type) {
        Set<String> errors = new LinkedHashSet<>();
        prune(object, type, "", errors);
        return limited(errors);
    }

    private static List<String> limited(Set<String> errors) {
        return new ArrayList<>(errors).subList(0, Math.min(errors.size(), MAX_ERRORS));
    }

    /** Scans the value at the parser's current token; an empty type is an unknown field's value. */
    private static void scan(JsonParser parser, Optional<TypeSchema> type, String path, Set<String> errors) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            TypeSchema.MapType map = type.map(TypeSchema::map).orElse(null);
            Set<String> seen = new HashSet<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                String child = path.isEmpty() ? name : path + "." + name;
                if (!seen.add(name)) {
                    errors.add("duplicate field " + quote(child));
                }
                Optional<TypeSchema> childType = Optional.empty();
                if (map != null) {
                    childType = map.typeOf(name);
                    if (childType.isEmpty()) {
                        errors.add("unknown field " + quote(child));
                    }
                } else if (type.isPresent()) {
                    childType = Optional.of(TypeSchema.DEDUCED);
                }
                parser.nextToken();
                scan(parser, childType, child, errors);
            }
        } else if (token == JsonToken.START_ARRAY) {
            Optional<TypeSchema> element = type.map(TypeSchema::list).map(list -> list.element().get());
            int i = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                scan(parser, element.isPresent() || type.isEmpty() ? element : Optional.of(TypeSchema.DEDUCED),
                        path + "[" + i++ + "]", errors);
            }
        }
    }

    private static void prune(JsonNode node, TypeSchema type, String path, Set<String> errors) {
        if (node.isObject() && type.map() != null) {
            ObjectNode object = (ObjectNode) node;
            List<String> unknown = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : object.properties()) {
                String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                Optional<TypeSchema> childType = type.map().typeOf(entry.getKey());
                if (childType.isEmpty()) {
                    errors.add("unknown field " + quote(child));
                    unknown.add(entry.getKey());
                } else {
                    prune(entry.getValue(), childType.get(), child, errors);
                }
            }
            object.remove(unknown);
        } else if (node.isArray() && type.list() != null) {
            TypeSchema element = type.list().element().get();
            for (int i = 0; i < node.size(); i++) {
                prune(node.get(i), element, path + "[" + i + "]", errors);
            }
        }
    }

    private static String quote(String path) {
        return dev.ordinal.machinery.go.GoText.quote(path);
    }
}
