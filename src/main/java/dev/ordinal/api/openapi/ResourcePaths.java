package dev.ordinal.api.openapi;

import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.registry.rest.ResourceDefinition;

import static dev.ordinal.api.openapi.QueryParameter.ALLOW_WATCH_BOOKMARKS;
import static dev.ordinal.api.openapi.QueryParameter.CONTINUE;
import static dev.ordinal.api.openapi.QueryParameter.DRY_RUN;
import static dev.ordinal.api.openapi.QueryParameter.FIELD_MANAGER;
import static dev.ordinal.api.openapi.QueryParameter.FIELD_SELECTOR;
import static dev.ordinal.api.openapi.QueryParameter.FIELD_VALIDATION;
import static dev.ordinal.api.openapi.QueryParameter.FORCE;
import static dev.ordinal.api.openapi.QueryParameter.GRACE_PERIOD_SECONDS;
import static dev.ordinal.api.openapi.QueryParameter.LABEL_SELECTOR;
import static dev.ordinal.api.openapi.QueryParameter.LIMIT;
import static dev.ordinal.api.openapi.QueryParameter.PROPAGATION_POLICY;
import static dev.ordinal.api.openapi.QueryParameter.RESOURCE_VERSION;
import static dev.ordinal.api.openapi.QueryParameter.TIMEOUT_SECONDS;
import static dev.ordinal.api.openapi.QueryParameter.WATCH;

/**
 * The OpenAPI paths of one served kind, laid out as upstream's route installer does: the
 * collection, the all-namespaces list of a namespaced kind, the item, and each subresource, with
 * upstream's operation ids ({@code readAppsV1NamespacedStatefulSet}), {@code x-kubernetes-action}
 * and {@code x-kubernetes-group-version-kind}. A watch is the list call with {@code watch=true}.
 */
final class ResourcePaths {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";

    private static final List<String> RESPONSE_TYPES = List.of("application/json", "application/yaml");

    private final ResourceDefinition definition;
    private final String schema;
    private final String listSchema;
    private final RequestExamples.Examples examples;
    /** {@code AppsV1}, {@code CoreV1}, {@code EventsV1}: the middle of every operation id. */
    private final String groupVersion;

    ResourcePaths(ResourceDefinition definition, String schema, String listSchema, RequestExamples.Examples examples) {
        this.definition = definition;
        this.schema = schema;
        this.listSchema = listSchema;
        this.examples = examples;
        this.groupVersion = operationGroup(definition.group()) + capitalize(definition.version());
    }

    /** Adds this kind's paths to {@code paths}. */
    void addTo(ObjectNode paths) {
        String root = definition.group().isEmpty() ? "/api/" + definition.version()
                : "/apis/" + definition.group() + "/" + definition.version();
        String kind = definition.kind();
        String scoped = definition.namespaced() ? "Namespaced" + kind : kind;
        String collection = root + (definition.namespaced() ? "/namespaces/{namespace}/" : "/") + definition.plural();
        String item = collection + "/{name}";

        ObjectNode collectionPath = path(paths, collection, definition.namespaced() ? List.of(namespace()) : List.of());
        if (definition.creater() != null) {
            collectionPath.set("post", write("post", "create" + groupVersion + scoped,
                    "Create " + withArticle(kind) + ".", List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION),
                    examples.create()));
            return;
        }
        collectionPath.set("get", list("list" + groupVersion + scoped,
                "List or watch " + kind + " objects" + (definition.namespaced() ? " in a namespace." : ".")));
        collectionPath.set("post", write("post", "create" + groupVersion + scoped,
                "Create " + withArticle(kind) + ".", List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION),
                examples.create()));
        collectionPath.set("delete", deleteCollection("delete" + groupVersion + "Collection" + scoped));

        if (definition.namespaced()) {
            path(paths, root + "/" + definition.plural(), List.of()).set("get",
                    list("list" + groupVersion + kind + "ForAllNamespaces",
                            "List or watch " + kind + " objects in all namespaces."));
        }

        ObjectNode itemPath = path(paths, item, itemParameters());
        itemPath.set("get", operation("get", "read" + groupVersion + scoped, "Read the named " + kind + ".",
                List.of(), null, response(schema, "200", "OK")));
        itemPath.set("put", write("put", "replace" + groupVersion + scoped, "Replace the named " + kind + ".",
                List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), examples.create()));
        itemPath.set("patch", patch("patch" + groupVersion + scoped, "Partially update the named " + kind + ".",
                schema, gvk(definition.group(), definition.version(), kind), examples.patch()));
        itemPath.set("delete", delete("delete" + groupVersion + scoped));

        // In the order the definition declares them: the document's bytes, and so its hash, must not vary between runs.
        for (String subresource : definition.subresources().keySet()) {
            addSubresource(paths, item, scoped, subresource);
        }
    }

    private void addSubresource(ObjectNode paths, String item, String scoped, String subresource) {
        String suffix = capitalize(subresource);
        String kind = definition.kind();
        ObjectNode path = path(paths, item + "/" + subresource, itemParameters());
        switch (subresource) {
            case "status" -> {
                path.set("get", operation("get", "read" + groupVersion + scoped + suffix,
                        "Read the status of the named " + kind + ".", List.of(), null, response(schema, "200", "OK")));
                path.set("put", write("put", "replace" + groupVersion + scoped + suffix,
                        "Replace the status of the named " + kind + "; changes outside status are ignored.",
                        List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), null));
                path.set("patch", patch("patch" + groupVersion + scoped + suffix,
                        "Partially update the status of the named " + kind + ".", schema,
                        gvk(definition.group(), definition.version(), kind), null));
            }
            case "scale" -> {
                ObjectNode scaleGvk = gvk("autoscaling", "v1", "Scale");
                ObjectNode read = operation("get", "read" + groupVersion + scoped + suffix,
                        "Read the scale of the named " + kind + ".", List.of(), null, response(SCALE, "200", "OK"));
                read.set("x-kubernetes-group-version-kind", scaleGvk);
                path.set("get", read);
                ObjectNode replace = operation("put", "replace" + groupVersion + scoped + suffix,
                        "Set the replica count of the named " + kind + ".",
                        List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), body(SCALE, null),
                        response(SCALE, "200", "OK"));
                replace.set("x-kubernetes-group-version-kind", scaleGvk);
                path.set("put", replace);
                path.set("patch", patch("patch" + groupVersion + scoped + suffix,
                        "Partially update the scale of the named " + kind + ", e.g. {\"spec\":{\"replicas\":3}}.",
                        SCALE, scaleGvk, null));
            }
            case "finalize" -> path.set("put", write("put", "replace" + groupVersion + scoped + suffix,
                    "Replace the finalizers in spec of the named " + kind + ", the only way to change them.",
                    List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION), null));
        }
    }

    private ObjectNode list(String operationId, String summary) {
        ObjectNode op = operation("list", operationId, summary,
                List.of(ALLOW_WATCH_BOOKMARKS, CONTINUE, FIELD_SELECTOR, LABEL_SELECTOR, LIMIT, RESOURCE_VERSION,
                        TIMEOUT_SECONDS, WATCH),
                null, response(listSchema, "200", "OK"));
        // A watch answers a stream of WatchEvents in place of the list.
        ((ObjectNode) op.get("responses").get("200").get("content")).putObject("application/json;stream=watch")
                .putObject("schema").put("$ref", SCHEMAS + META + "WatchEvent");
        return op;
    }

    private ObjectNode write(String action, String operationId, String summary, List<QueryParameter> parameters,
                             JsonNode example) {
        ObjectNode responses = response(schema, "200", "OK");
        responses.setAll(response(schema, "201", "Created"));
        return operation(action, operationId, summary, parameters, body(schema, example), responses);
    }

    private ObjectNode patch(String operationId, String summary, String target, ObjectNode gvk, JsonNode example) {
        ObjectNode body = NODES.objectNode();
        body.put("required", true);
        ObjectNode content = body.putObject("content");
        // A custom resource is not offered strategic merge: kubectl apply then sends a merge patch, as upstream.
        for (String type : definition.patchTypes()) {
            ObjectNode media = content.putObject(type);
            media.putObject("schema").put("$ref", SCHEMAS + META + "Patch");
            if (example != null && type.equals("application/merge-patch+json")) {
                media.set("example", example);
            }
        }
        ObjectNode responses = response(target, "200", "OK");
        responses.setAll(response(target, "201", "Created"));
        ObjectNode op = operation("patch", operationId, summary,
                List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE), body, responses);
        op.set("x-kubernetes-group-version-kind", gvk);
        return op;
    }

    private ObjectNode delete(String operationId) {
        ObjectNode responses = response(schema, "200", "OK");
        responses.setAll(response(schema, "202", "Accepted"));
        return operation("delete", operationId, "Delete the named " + definition.kind() + ".",
                List.of(DRY_RUN, GRACE_PERIOD_SECONDS, PROPAGATION_POLICY), deleteOptions(), responses);
    }

    private ObjectNode deleteCollection(String operationId) {
        return operation("deletecollection", operationId,
                "Delete every matching " + definition.kind() + "; answers the deleted objects.",
                List.of(CONTINUE, DRY_RUN, FIELD_SELECTOR, GRACE_PERIOD_SECONDS, LABEL_SELECTOR, LIMIT,
                        PROPAGATION_POLICY, RESOURCE_VERSION),
                deleteOptions(), response(listSchema, "200", "OK"));
    }

    private ObjectNode operation(String action, String operationId, String summary, List<QueryParameter> parameters,
                                 ObjectNode requestBody, ObjectNode responses) {
        ObjectNode op = NODES.objectNode();
        op.putArray("tags").add(definition.plural());
        op.put("description", summary);
        op.put("operationId", operationId);
        if (!parameters.isEmpty()) {
            ArrayNode array = op.putArray("parameters");
            parameters.forEach(p -> array.add(p.toJson()));
        }
        if (requestBody != null) {
            op.set("requestBody", requestBody);
        }
        op.set("responses", responses);
        op.put("x-kubernetes-action", action);
        op.set("x-kubernetes-group-version-kind", gvk(definition.group(), definition.version(), definition.kind()));
        return op;
    }

    private static ObjectNode body(String schemaName, JsonNode example) {
        ObjectNode body = NODES.objectNode();
        body.put("required", true);
        ObjectNode content = body.putObject("content");
        ObjectNode json = content.putObject("application/json");
        json.putObject("schema").put("$ref", SCHEMAS + schemaName);
        if (example != null) {
            json.set("example", example);
        }
        content.putObject("application/yaml").putObject("schema").put("$ref", SCHEMAS + schemaName);
        return body;
    }

    private static ObjectNode deleteOptions() {
        ObjectNode body = NODES.objectNode();
        body.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", SCHEMAS + META + "DeleteOptions");
        return body;
    }

    private static ObjectNode response(String schemaName, String code, String description) {
        ObjectNode responses = NODES.objectNode();
        ObjectNode response = responses.putObject(code);
        response.put("description", description);
        ObjectNode content = response.putObject("content");
        for (String type : RESPONSE_TYPES) {
            content.putObject(type).putObject("schema").put("$ref", SCHEMAS + schemaName);
        }
        return responses;
    }

    private static ObjectNode path(ObjectNode paths, String path, List<ObjectNode> parameters) {
        ObjectNode node = paths.putObject(path);
        if (!parameters.isEmpty()) {
            ArrayNode array = node.putArray("parameters");
            parameters.forEach(array::add);
        }
        return node;
    }

    private List<ObjectNode> itemParameters() {
        ObjectNode name = pathParameter("name", "The name of the " + definition.kind() + ".");
        return definition.namespaced() ? List.of(name, namespace()) : List.of(name);
    }

    private static ObjectNode namespace() {
        return pathParameter("namespace", "The namespace the objects live in.");
    }

    private static ObjectNode pathParameter(String name, String description) {
        ObjectNode parameter = NODES.objectNode();
        parameter.put("name", name);
        parameter.put("in", "path");
        parameter.put("description", description);
        parameter.put("required", true);
        parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
        return parameter;
    }

    private static ObjectNode gvk(String group, String version, String kind) {
        return NODES.objectNode().put("group", group).put("version", version).put("kind", kind);
    }

    private static String withArticle(String kind) {
        return ("AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    /**
     * The group as upstream's operation ids spell it: "Core" for the legacy group, else the
     * group without ".k8s.io", each dotted part capitalized ({@code storage.k8s.io} is "Storage").
     */
    static String operationGroup(String group) {
        if (group.isEmpty()) {
            return "Core";
        }
        StringBuilder name = new StringBuilder();
        for (String part : group.replaceAll("\\.k8s\\.io$", "").split("\\.")) {
            name.append(capitalize(part));
        }
        return name.toString();
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
