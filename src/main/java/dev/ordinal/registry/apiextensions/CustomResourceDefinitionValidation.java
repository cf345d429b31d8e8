package dev.ordinal.registry.apiextensions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoText;
import dev.ordinal.registry.apiextensions.schema.StructuralRules;
import dev.ordinal.registry.core.GoLiteral;

/**
 * Upstream's {@code ValidateCustomResourceDefinition} and {@code ...Update}: the name, group,
 * scope and names; the versions (exactly one storage version); each schema (see
 * {@link StructuralRules}) and its CEL rules; printer columns and subresources; the stored
 * versions. As upstream validates the internal form, a part every version shares (always so
 * with one version) is reported where the internal form holds it: {@code spec.validation.openAPIV3Schema},
 * {@code spec.subresources}, {@code spec.additionalPrinterColumns[i].JSONPath}.
 */
final class CustomResourceDefinitionValidation {

    private static final List<String> SCOPES = List.of("Cluster", "Namespaced");
    private static final List<String> COLUMN_TYPES = List.of("boolean", "date", "integer", "number", "string");
    private static final List<String> COLUMN_FORMATS = List.of("byte", "date", "date-time", "double", "float",
            "int32", "int64", "password");
    private static final String APPROVAL = "api-approved.kubernetes.io";

    private CustomResourceDefinitionValidation() {
    }

    static List<FieldError> validate(Unstructured crd) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = crd.json().path("spec");
        String group = spec.path("group").asString("");
        String plural = spec.path("names").path("plural").asString("");
        if (!crd.name().equals(plural + "." + group)) {
            errors.add(FieldError.invalid("metadata.name", crd.name(),
                    "must be spec.names.plural+\".\"+spec.group"));
        }
        errors.addAll(validateSpec(crd, spec));
        errors.addAll(validateStatus(crd.json().path("status"), spec));
        return errors;
    }

    static List<FieldError> validateUpdate(Unstructured crd, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(validateSpec(crd, crd.json().path("spec")));
        JsonNode spec = crd.json().path("spec");
        JsonNode oldSpec = old.json().path("spec");
        immutable(errors, "spec.group", spec.path("group"), oldSpec.path("group"));
        immutable(errors, "spec.names.plural", spec.path("names").path("plural"), oldSpec.path("names").path("plural"));
        // Scope and kind may change until the CRD is established, as upstream allows.
        if (CustomResourceDefinitions.established(old.json())) {
            immutable(errors, "spec.scope", spec.path("scope"), oldSpec.path("scope"));
            immutable(errors, "spec.names.kind", spec.path("names").path("kind"), oldSpec.path("names").path("kind"));
        }
        errors.addAll(validateStatus(crd.json().path("status"), spec));
        return errors;
    }

    static List<FieldError> validateStatusUpdate(Unstructured crd) {
        return validateStatus(crd.json().path("status"), crd.json().path("spec"));
    }

    private static void immutable(List<FieldError> errors, String path, JsonNode value, JsonNode old) {
        if (!value.equals(old)) {
            errors.add(FieldError.invalid(path, value.asString(""), "field is immutable"));
        }
    }

    private static List<FieldError> validateSpec(Unstructured crd, JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        String group = spec.path("group").asString("");
        if (group.isEmpty()) {
            errors.add(FieldError.required("spec.group", ""));
        } else {
            Formats.dns1123Subdomain(group).forEach(m -> errors.add(FieldError.invalid("spec.group", group, m)));
            if (!group.contains(".")) {
                errors.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
            }
            if (protectedGroup(group) && !crd.annotations().containsKey(APPROVAL)) {
                errors.add(FieldError.required("metadata.annotations[" + APPROVAL + "]", "protected groups must have "
                        + "approval annotation \"" + APPROVAL + "\", see https://github.com/kubernetes/enhancements/pull/1111"));
            }
        }
        String scope = spec.path("scope").asString("");
        if (scope.isEmpty()) {
            errors.add(FieldError.required("spec.scope", ""));
        } else if (!SCOPES.contains(scope)) {
            errors.add(FieldError.notSupported("spec.scope", scope, SCOPES));
        }
        errors.addAll(validateNames(spec.path("names"), "spec.names"));
        errors.addAll(validateVersions(spec));
        String strategy = spec.path("conversion").path("strategy").asString("None");
        if (!List.of("None", "Webhook").contains(strategy)) {
            errors.add(FieldError.notSupported("spec.conversion.strategy", strategy, List.of("None", "Webhook")));
        } else if (strategy.equals("None") && spec.path("conversion").has("webhook")) {
            errors.add(FieldError.forbidden("spec.conversion.webhook",
                    "should not be set when strategy is not set to Webhook"));
        }
        if (spec.path("preserveUnknownFields").asBoolean(false)) {
            errors.add(FieldError.invalid("spec.preserveUnknownFields", true, "cannot set to true, set "
                    + "x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
        }
        return errors;
    }

    private static boolean protectedGroup(String group) {
        return group.equals("k8s.io") || group.endsWith(".k8s.io") || group.equals("kubernetes.io")
                || group.endsWith(".kubernetes.io");
    }

    /** The rules of spec.names, which status.acceptedNames follows too. */
    static List<FieldError> validateNames(JsonNode names, String path) {
        List<FieldError> errors = new ArrayList<>();
        String plural = names.path("plural").asString("");
        String singular = names.path("singular").asString("");
        String kind = names.path("kind").asString("");
        String listKind = names.path("listKind").asString("");
        lowerLabel(errors, path + ".plural", plural);
        lowerLabel(errors, path + ".singular", singular);
        mixedCaseLabel(errors, path + ".kind", kind);
        mixedCaseLabel(errors, path + ".listKind", listKind);
        if (!kind.isEmpty() && kind.equals(listKind)) {
            errors.add(FieldError.invalid(path + ".listKind", listKind, "kind and listKind may not be the same"));
        }
        JsonNode shortNames = names.path("shortNames");
        for (int i = 0; i < shortNames.size(); i++) {
            String shortName = shortNames.get(i).asString("");
            String field = path + ".shortNames[" + i + "]";
            Formats.dns1035Label(shortName).forEach(m -> errors.add(FieldError.invalid(field, shortName, m)));
        }
        JsonNode categories = names.path("categories");
        for (int i = 0; i < categories.size(); i++) {
            String category = categories.get(i).asString("");
            String field = path + ".categories[" + i + "]";
            Formats.dns1035Label(category).forEach(m -> errors.add(FieldError.invalid(field, category, m)));
        }
        return errors;
    }

    private static void lowerLabel(List<FieldError> errors, String path, String value) {
        if (value.isEmpty()) {
            errors.add(FieldError.required(path, ""));
            return;
        }
        List<String> problems = Formats.dns1035Label(value);
        if (!problems.isEmpty()) {
            errors.add(FieldError.invalid(path, value, String.join(",", problems)));
        }
    }

    private static void mixedCaseLabel(List<FieldError> errors, String path, String value) {
        if (value.isEmpty()) {
            errors.add(FieldError.required(path, ""));
            return;
        }
        List<String> problems = Formats.dns1035Label(value.toLowerCase(Locale.ROOT));
        if (!problems.isEmpty()) {
            errors.add(FieldError.invalid(path, value, "may have mixed case, but should otherwise match: "
                    + String.join(",", problems)));
        }
    }

    private static List<FieldError> validateVersions(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode versions = spec.path("versions");
        if (versions.isEmpty()) {
            errors.add(FieldError.required("spec.versions", "must have exactly one version marked as storage version"));
            return errors;
        }
        Set<String> names = new HashSet<>();
        int storage = 0;
        for (int i = 0; i < versions.size(); i++) {
            JsonNode version = versions.get(i);
            String name = version.path("name").asString("");
            List<String> problems = Formats.dns1035Label(name);
            if (!problems.isEmpty()) {
                errors.add(FieldError.invalid("spec.versions[" + i + "].name", name, String.join(",", problems)));
                if (i == 0) {
                    errors.add(FieldError.invalid("spec.version", name, String.join(",", problems)));
                }
            }
            if (!names.add(name)) {
                errors.add(FieldError.invalid("spec.versions", versionsLiteral(versions),
                        "must contain unique version names"));
            }
            if (version.path("storage").asBoolean(false)) {
                storage++;
            }
            String warning = version.path("deprecationWarning").asString(null);
            if (warning != null && !version.path("deprecated").asBoolean(false)) {
                errors.add(FieldError.invalid("spec.versions[" + i + "].deprecationWarning", warning,
                        "can only be set for deprecated versions"));
            }
        }
        if (storage != 1) {
            errors.add(FieldError.invalid("spec.versions", versionsLiteral(versions),
                    "must have exactly one version marked as storage version"));
        }
        boolean sharedSchema = CustomResourceDefinitions.shared(versions, "schema");
        boolean sharedSubresources = CustomResourceDefinitions.shared(versions, "subresources");
        boolean sharedColumns = CustomResourceDefinitions.shared(versions, "additionalPrinterColumns");
        for (int i = 0; i < versions.size(); i++) {
            JsonNode version = versions.get(i);
            String versionPath = "spec.versions[" + i + "]";
            if (!sharedSchema || i == 0) {
                String schemaPath = sharedSchema ? "spec.validation.openAPIV3Schema"
                        : versionPath + ".schema.openAPIV3Schema";
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                if (!schema.isObject()) {
                    errors.add(FieldError.required(versionPath + ".schema.openAPIV3Schema", "schemas are required"));
                } else {
                    errors.addAll(validateSchema(schema, schemaPath));
                }
            }
            if (!sharedSubresources || i == 0) {
                errors.addAll(validateSubresources(version.path("subresources"),
                        sharedSubresources ? "spec.subresources" : versionPath + ".subresources"));
            }
            if (!sharedColumns || i == 0) {
                errors.addAll(validateColumns(version.path("additionalPrinterColumns"),
                        sharedColumns ? "spec.additionalPrinterColumns" : versionPath + ".additionalPrinterColumns"));
            }
        }
        return errors;
    }

    /**
     * The structural rules, then the {@code x-kubernetes-validations} rules: upstream compiles a
     * node's rules only when nothing at or below it is wrong, as a rule's types come from a
     * structural schema; here they are compiled once the whole schema is structural.
     */
    private static List<FieldError> validateSchema(JsonNode schema, String schemaPath) {
        List<FieldError> errors = StructuralRules.validate(schema, schemaPath);
        if (errors.isEmpty()) {
            errors.addAll(CustomResourceVersion.compileRules(schema).compilationErrors(schemaPath));
        }
        return errors;
    }

    /** The versions as Go's {@code %#v} begins to print them, enough to tell which are which. */
    private static GoLiteral versionsLiteral(JsonNode versions) {
        List<String> items = new ArrayList<>();
        versions.forEach(v -> items.add("apiextensions.CustomResourceDefinitionVersion{Name:"
                + GoText.quote(v.path("name").asString("")) + ", Served:" + v.path("served").asBoolean(false)
                + ", Storage:" + v.path("storage").asBoolean(false) + "}"));
        return new GoLiteral(items.stream().collect(Collectors.joining(", ",
                "[]apiextensions.CustomResourceDefinitionVersion{", "}")));
    }

    private static List<FieldError> validateSubresources(JsonNode subresources, String path) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode scale = subresources.path("scale");
        if (!scale.isObject()) {
            return errors;
        }
        String specPath = scale.path("specReplicasPath").asString("");
        if (specPath.isEmpty()) {
            errors.add(FieldError.required(path + ".scale.specReplicasPath", ""));
        } else if (!specPath.startsWith(".spec.")) {
            errors.add(FieldError.invalid(path + ".scale.specReplicasPath", specPath, "should be a json path under .spec"));
        }
        String statusPath = scale.path("statusReplicasPath").asString("");
        if (statusPath.isEmpty()) {
            errors.add(FieldError.required(path + ".scale.statusReplicasPath", ""));
        } else if (!statusPath.startsWith(".status.")) {
            errors.add(FieldError.invalid(path + ".scale.statusReplicasPath", statusPath,
                    "should be a json path under .status"));
        }
        String selectorPath = scale.path("labelSelectorPath").asString("");
        if (!selectorPath.isEmpty() && !selectorPath.startsWith(".spec.") && !selectorPath.startsWith(".status.")) {
            errors.add(FieldError.invalid(path + ".scale.labelSelectorPath", selectorPath,
                    "should be a json path under either .spec or .status"));
        }
        return errors;
    }

    private static List<FieldError> validateColumns(JsonNode columns, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            JsonNode column = columns.get(i);
            String columnPath = path + "[" + i + "]";
            if (column.path("name").asString("").isEmpty()) {
                errors.add(FieldError.required(columnPath + ".name", ""));
            }
            String type = column.path("type").asString("");
            if (type.isEmpty()) {
                errors.add(FieldError.required(columnPath + ".type", "must be one of " + String.join(",", COLUMN_TYPES)));
            } else if (!COLUMN_TYPES.contains(type)) {
                errors.add(FieldError.invalid(columnPath + ".type", type, "must be one of "
                        + String.join(",", COLUMN_TYPES)));
            }
            String format = column.path("format").asString("");
            if (!format.isEmpty() && !COLUMN_FORMATS.contains(format)) {
                errors.add(FieldError.invalid(columnPath + ".format", format, "must be one of "
                        + String.join(",", COLUMN_FORMATS)));
            }
            String jsonPath = column.path("jsonPath").asString("");
            if (jsonPath.isEmpty()) {
                errors.add(FieldError.required(columnPath + ".JSONPath", ""));
            } else if (!jsonPath.startsWith(".")) {
                errors.add(FieldError.invalid(columnPath + ".JSONPath", jsonPath,
                        "must be a simple json path starting with ."));
            }
        }
        return errors;
    }

    private static List<FieldError> validateStatus(JsonNode status, JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode accepted = status.path("acceptedNames");
        if (!accepted.path("plural").asString("").isEmpty()) {
            errors.addAll(validateNames(accepted, "status.acceptedNames"));
        }
        List<String> stored = new ArrayList<>();
        status.path("storedVersions").forEach(v -> stored.add(v.asString("")));
        if (stored.isEmpty()) {
            errors.add(FieldError.invalid("status.storedVersions", new GoLiteral("[]string(nil)"),
                    "must have at least one stored version"));
            return errors;
        }
        List<String> versions = new ArrayList<>();
        spec.path("versions").forEach(v -> versions.add(v.path("name").asString("")));
        CustomResourceDefinitions.storageVersion(spec).ifPresent(storage -> {
            if (!stored.contains(storage)) {
                errors.add(FieldError.invalid("status.storedVersions", GoLiteral.strings(stored),
                        "must have the storage version " + storage));
            }
        });
        for (int i = 0; i < stored.size(); i++) {
            if (!versions.contains(stored.get(i))) {
                errors.add(FieldError.invalid("status.storedVersions[" + i + "]", stored.get(i),
                        "must appear in spec.versions"));
            }
        }
        return errors;
    }
}
