package dev.ordinal.registry.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Secrets (upstream {@code pkg/registry/core/secret}): stringData merged into data as v1
 * conversion does, type Opaque by default, {@code ValidateSecret(Update)} with the keys each
 * well-known type requires, and the {@code type} field selector.
 */
final class SecretStrategy implements Strategy {

    static final int MAX_SIZE = 1024 * 1024;

    @Override
    public void applyDefaults(Unstructured secret) {
        ObjectNode json = secret.json();
        JsonNode stringData = json.path("stringData");
        if (stringData.isObject() && !stringData.isEmpty()) {
            ObjectNode data = object(json, "data");
            stringData.properties().forEach(entry -> data.put(entry.getKey(), Base64.getEncoder()
                    .encodeToString(entry.getValue().asString("").getBytes(StandardCharsets.UTF_8))));
        }
        json.remove("stringData");
        defaultText(json, "type", "Opaque");
    }

    @Override
    public List<FieldError> validate(Unstructured secret) {
        ObjectNode json = secret.json();
        JsonNode data = json.path("data");
        List<FieldError> errors = new ArrayList<>(ConfigMapStrategy.keys(data, "data"));
        if (decodedSize(data) > MAX_SIZE) {
            errors.add(FieldError.tooLong("data", MAX_SIZE));
        }
        switch (text(json, "type")) {
            case "kubernetes.io/service-account-token" -> {
                if (secret.annotations().getOrDefault("kubernetes.io/service-account.name", "").isEmpty()) {
                    errors.add(FieldError.required("metadata.annotations[kubernetes.io/service-account.name]", ""));
                }
            }
            case "kubernetes.io/dockercfg" -> requireKeys(data, List.of(".dockercfg"), errors);
            case "kubernetes.io/dockerconfigjson" -> requireKeys(data, List.of(".dockerconfigjson"), errors);
            case "kubernetes.io/basic-auth" -> {
                if (!data.has("username") && !data.has("password")) {
                    requireKeys(data, List.of("username", "password"), errors);
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (data.path("ssh-privatekey").asString("").isEmpty()) {
                    errors.add(FieldError.required("data[ssh-privatekey]", ""));
                }
            }
            case "kubernetes.io/tls" -> requireKeys(data, List.of("tls.crt", "tls.key"), errors);
            default -> {
            }
        }
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured secret, Unstructured old) {
        List<FieldError> errors = new ArrayList<>();
        String type = text(secret.json(), "type");
        if (!type.equals(text(old.json(), "type"))) {
            errors.add(FieldError.invalid("type", type, "field is immutable"));
        }
        errors.addAll(ConfigMapStrategy.immutableContent(secret.json(), old.json(), List.of("data")));
        errors.addAll(validate(secret));
        return errors;
    }

    @Override
    public Map<String, String> selectableFields(Unstructured secret) {
        return Map.of("type", text(secret.json(), "type"));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("type");
    }

    private static void requireKeys(JsonNode data, List<String> keys, List<FieldError> errors) {
        for (String key : keys) {
            if (!data.has(key)) {
                errors.add(FieldError.required("data[" + key + "]", ""));
            }
        }
    }

    /** The decoded size of base64 values; a value that is no base64 counts as its text. */
    static long decodedSize(JsonNode data) {
        long size = 0;
        for (var entry : data.properties()) {
            String value = entry.getValue().asString("");
            try {
                size += Base64.getDecoder().decode(value).length;
            } catch (IllegalArgumentException e) {
                size += value.length();
            }
        }
        return size;
    }
}
