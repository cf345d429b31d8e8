package dev.ordinal.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.Warnings;
import dev.ordinal.registry.apiextensions.CustomResourceStrategy;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.fieldmanager.StrictDecoding;
import dev.ordinal.registry.fieldmanager.TypeSchema;
import dev.ordinal.machinery.go.GoText;

/**
 * The {@code fieldValidation} of a write, as upstream's handlers apply it: unknown fields (by the
 * kind's schema) and duplicate fields fail the request ({@code Strict}), come back as
 * {@code Warning: 299} headers ({@code Warn}, also when the parameter is absent) or pass
 * silently ({@code Ignore}). Unknown fields are dropped from what is stored in every case.
 */
final class FieldValidation {

    private static final List<String> DIRECTIVES = List.of("", "Ignore", "Strict", "Warn");

    private final String directive;
    private final List<String> patchErrors = new ArrayList<>();

    private FieldValidation(String directive) {
        this.directive = directive.isEmpty() ? "Warn" : directive;
    }

    /** Reads the parameter; a value upstream does not know fails as invalid {@code optionsKind}. */
    static FieldValidation of(HttpServletRequest request, String optionsKind) {
        String directive = ResourceHandler.param(request, "fieldValidation");
        if (!DIRECTIVES.contains(directive)) {
            throw StatusError.invalid("meta.k8s.io", optionsKind, "",
                    List.of(FieldError.notSupported("fieldValidation", directive, DIRECTIVES)));
        }
        return new FieldValidation(directive);
    }

    /**
     * A create or update body, decoded into {@code object}: a JSON body is checked for unknown and
     * duplicate fields in document order, any other for unknown fields.
     */
    void checkObject(ResourceDefinition definition, boolean json, byte[] body, ObjectNode object, TypeSchema type) {
        List<String> unknown = pruneUnknown(definition, object, type);
        if (directive.equals("Ignore")) {
            return;
        }
        List<String> errors = unknown;
        if (json && definition.customResource()) {
            errors = new ArrayList<>(StrictDecoding.duplicates(body));
            errors.addAll(unknown);
        } else if (json) {
            errors = StrictDecoding.errors(body, type);
        }
        if (errors.isEmpty()) {
            return;
        }
        if (directive.equals("Warn")) {
            errors.forEach(Warnings::add);
            return;
        }
        throw KindDecoding.cannotHandle(definition.kind(), object, body,
                "strict decoding error: " + String.join(", ", errors));
    }

    /** The duplicate fields of a JSON, merge or strategic merge patch, reported with the patched object's. */
    void checkPatchBody(byte[] patch, boolean jsonPatch) {
        if (directive.equals("Ignore")) {
            return;
        }
        StrictDecoding.duplicates(patch).forEach(e -> patchErrors.add(jsonPatch ? "json patch " + e : e));
    }

    /**
     * The result of a non-apply patch: its unknown fields are dropped; with the patch's duplicate
     * fields they fail the request as upstream's patcher does (422, field {@code patch}) or warn.
     */
    Unstructured checkPatched(ResourceDefinition definition, Unstructured patched, TypeSchema type, JsonNode patch,
                              boolean strategic) {
        List<String> errors = new ArrayList<>(patchErrors);
        errors.addAll(pruneUnknown(definition, patched.json(), type));
        if (errors.isEmpty() || directive.equals("Ignore")) {
            return patched;
        }
        if (directive.equals("Warn")) {
            errors.forEach(Warnings::add);
            return patched;
        }
        // Upstream shows the patched object, or for a strategic merge patch the patch as a Go map.
        String value = strategic ? goMap(patch) : patched.json().toString();
        throw StatusError.invalid("", "", "", List.of(FieldError.invalid("patch", value,
                "strict decoding error: " + String.join(", ", errors))));
    }

    /**
     * Drops the fields the kind does not know from {@code object}, answering them as strict
     * decoding errors: a built-in kind's by its Go type's fields, a custom resource's by upstream's
     * pruning with its structural schema (the fields pruned are the ones reported).
     */
    private static List<String> pruneUnknown(ResourceDefinition definition, ObjectNode object, TypeSchema type) {
        if (definition.strategy() instanceof CustomResourceStrategy custom) {
            return custom.pruneUnknownFields(object).stream().map(path -> "unknown field " + GoText.quote(path))
                    .toList();
        }
        return StrictDecoding.pruneUnknown(object, type);
    }

    /** The duplicate keys of an apply patch, which upstream's YAML decoder reports. */
    void checkApplyBody(byte[] body, boolean json) {
        if (!json || directive.equals("Ignore")) {
            return;
        }
        List<String> repeated = StrictDecoding.repeatedKeys(body);
        if (repeated.isEmpty()) {
            return;
        }
        String error = "error converting YAML to JSON: yaml: unmarshal errors:\n  " + String.join("\n  ", repeated);
        if (directive.equals("Strict")) {
            throw StatusError.badRequest("error strict decoding YAML: " + error);
        }
        Warnings.add(error);
    }

    /** Go's {@code %+v} of a decoded JSON value: {@code map[spec:map[replicas:3]]}. */
    private static String goMap(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>(GoText.BYTE_ORDER);
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            List<String> entries = new ArrayList<>();
            sorted.forEach((key, value) -> entries.add(key + ":" + goMap(value)));
            return "map[" + String.join(" ", entries) + "]";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(goMap(item)));
            return "[" + String.join(" ", items) + "]";
        }
        if (node.isNull()) {
            return "<nil>";
        }
        return node.isString() ? node.asString() : node.toString();
    }
}
