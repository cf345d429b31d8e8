package dev.ordinal.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoText;
import dev.ordinal.registry.openapi.KindSchemas;
import dev.ordinal.registry.openapi.TypedDecoding;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Decodes what a request carries into its Go type as upstream's handlers do before anything else
 * looks at it ({@link TypedDecoding}), and refuses it as they refuse it: a create, update or
 * subresource body with 400 ({@code StatefulSet in version "v1" cannot be handled as a
 * StatefulSet: json: cannot unmarshal ...}, handlers' {@code transformDecodeError}); the result
 * of a JSON, merge or strategic merge patch with 422 on the field {@code patch}, as upstream's
 * patcher; DeleteOptions with 400.
 */
@Component
class KindDecoding {

    private static final GroupVersionKind DELETE_OPTIONS = new GroupVersionKind("", "v1", "DeleteOptions");

    private final KindSchemas schemas;
    private final ObjectCodec codec;

    KindDecoding(KindSchemas schemas, ObjectCodec codec) {
        this.schemas = schemas;
        this.codec = codec;
    }

    /**
     * A body of {@code kind} (the definition's, or a subresource's), decoded to {@code object}
     * from {@code body} of {@code contentType}: JSON and YAML are read again as sent, so a refused
     * number is quoted as written.
     */
    void checkBody(ResourceDefinition definition, GroupVersionKind kind, String contentType, byte[] body,
                   ObjectNode object) {
        schemaName(definition, kind).flatMap(schema -> {
            String type = ObjectCodec.mediaType(contentType);
            boolean yaml = ObjectCodec.isYaml(type);
            boolean sentAsText = yaml || ObjectCodec.isJson(type);
            return TypedDecoding.error(schemas.components(definition), schema, sentAsText
                    ? codec.parser(body, yaml) : object.traverse(ObjectReadContext.empty()), sentAsText);
        }).ifPresent(error -> {
            throw cannotHandle(kind.kind(), object, body, error);
        });
    }

    /** The object a JSON, merge or strategic merge patch produced. */
    void checkPatched(ResourceDefinition definition, GroupVersionKind kind, Unstructured patched) {
        error(definition, kind, patched.json()).ifPresent(error -> {
            throw StatusError.invalid("", "", "", List.of(FieldError.invalid("patch", patched.json().toString(),
                    error)));
        });
    }

    /** An applied configuration, which is merged into the object only once it decodes. */
    void checkApplied(ResourceDefinition definition, ObjectNode config, byte[] body) {
        error(definition, kindOf(definition), config).ifPresent(error -> {
            throw cannotHandle(definition.kind(), config, body, error);
        });
    }

    void checkDeleteOptions(ResourceDefinition definition, JsonNode options) {
        error(definition, DELETE_OPTIONS, options).ifPresent(error -> {
            throw StatusError.badRequest(error);
        });
    }

    static GroupVersionKind kindOf(ResourceDefinition definition) {
        return new GroupVersionKind(definition.group(), definition.version(), definition.kind());
    }

    /**
     * Upstream's transformDecodeError: the kind and version the body names, or, when it names
     * none, the start of the body.
     */
    static StatusError cannotHandle(String expected, ObjectNode object, byte[] body, String failure) {
        Unstructured sent = new Unstructured(object);
        if (sent.kind().isEmpty()) {
            return StatusError.badRequest("the object provided is unrecognized (must be of type " + expected
                    + "): " + failure + " (" + summary(body) + ")");
        }
        String version = sent.apiVersion().substring(sent.apiVersion().indexOf('/') + 1);
        return StatusError.badRequest(sent.kind() + " in version " + GoText.quote(version)
                + " cannot be handled as a " + expected + ": " + failure);
    }

    private Optional<String> error(ResourceDefinition definition, GroupVersionKind kind, JsonNode object) {
        return schemaName(definition, kind).flatMap(schema -> TypedDecoding.error(schemas.components(definition),
                schema, object.traverse(ObjectReadContext.empty()), false));
    }

    /**
     * The schema a body of {@code kind} is decoded by; none for a custom resource, which upstream
     * decodes as unstructured JSON and checks against its structural schema only.
     */
    private Optional<String> schemaName(ResourceDefinition definition, GroupVersionKind kind) {
        if (definition.customResource() && kind.equals(kindOf(definition))) {
            return Optional.empty();
        }
        return kind.equals(kindOf(definition)) ? schemas.schemaName(kind.group(), kind.version(), kind.kind())
                : schemas.schemaName(definition, kind);
    }

    /** The start of a body, as upstream quotes it when the body names no kind (its summarizeData). */
    private static String summary(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 30 ? text.substring(0, 30) + " ..." : text;
    }
}
