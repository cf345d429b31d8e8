package dev.ordinal.machinery;

import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An API error carrying the meta/v1 Status a client receives, with upstream's codes, reasons and
 * message templates (apimachinery {@code pkg/api/errors}). Every failure a user can cause ends as
 * one of these, never as a 5xx with a stack trace.
 */
public final class StatusError extends RuntimeException {

    private final int code;
    private final String reason;
    private final ObjectNode details;

    public StatusError(int code, String reason, String message, ObjectNode details) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public static StatusError notFound(GroupResource resource, String name) {
        return new StatusError(404, "NotFound", resource + " \"" + name + "\" not found",
                details(resource, name));
    }

    public static StatusError alreadyExists(GroupResource resource, String name) {
        return new StatusError(409, "AlreadyExists", resource + " \"" + name + "\" already exists",
                details(resource, name));
    }

    public static StatusError conflict(GroupResource resource, String name, String why) {
        return new StatusError(409, "Conflict",
                "Operation cannot be fulfilled on " + resource + " \"" + name + "\": " + why,
                details(resource, name));
    }

    /** The optimistic-concurrency failure of a stale resourceVersion. */
    public static StatusError modified(GroupResource resource, String name) {
        return conflict(resource, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    public static StatusError invalid(String group, String kind, String name, List<FieldError> errors) {
        String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
        String aggregate = errors.size() == 1 ? errors.get(0).toString()
                : "[" + String.join(", ", errors.stream().map(FieldError::toString).toList()) + "]";
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("name", name);
        details.put("group", group);
        details.put("kind", kind);
        ArrayNode causes = details.putArray("causes");
        for (FieldError error : errors) {
            causes.addObject()
                    .put("reason", error.type().reason())
                    .put("message", error.body())
                    .put("field", error.field());
        }
        return new StatusError(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + aggregate, details);
    }

    public static StatusError badRequest(String message) {
        return new StatusError(400, "BadRequest", message, null);
    }

    public static StatusError forbidden(GroupResource resource, String name, String why) {
        String subject = name.isEmpty() ? resource.toString() : resource + " \"" + name + "\"";
        return new StatusError(403, "Forbidden", subject + " is forbidden: " + why, details(resource, name));
    }

    public static StatusError methodNotSupported(GroupResource resource, String action) {
        return new StatusError(405, "MethodNotAllowed",
                action + " is not supported on resources of kind \"" + resource + "\"", details(resource, ""));
    }

    public static StatusError expired(String message) {
        return new StatusError(410, "Expired", message, null);
    }

    public static StatusError gone(String message) {
        return new StatusError(410, "Gone", message, null);
    }

    public static StatusError unsupportedMediaType(String contentType) {
        return new StatusError(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json, application/yaml, application/vnd.kubernetes.protobuf", null);
    }

    /** A body of a type the resource does not take, naming the ones it does. */
    public static StatusError unsupportedMediaType(String contentType, java.util.List<String> accepted) {
        return new StatusError(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + String.join(", ", accepted), null);
    }

    public static StatusError notAcceptable() {
        return new StatusError(406, "NotAcceptable",
                "only the following media types are accepted: application/json, application/yaml, "
                        + "application/json;as=Table;v=v1;g=meta.k8s.io", null);
    }

    public static StatusError resourceNotFound() {
        return new StatusError(404, "NotFound", "the server could not find the requested resource", null);
    }

    public static StatusError timeout(String message) {
        return new StatusError(504, "Timeout", message, null);
    }

    /** Upstream's NewRequestEntityTooLargeError: a body or an object past a size limit. */
    public static StatusError requestEntityTooLarge(String message) {
        return new StatusError(413, "RequestEntityTooLarge", "Request entity too large: " + message, null);
    }

    /**
     * What upstream's storage answers (its NewTooLargeResourceVersionError) when asked for a
     * resourceVersion it has not reached yet: a Timeout with the ResourceVersionTooLarge cause,
     * asking the client to retry after {@code retryAfterSeconds} (0: no advice, as etcd's answer).
     */
    public static StatusError tooLargeResourceVersion(long requested, long current, int retryAfterSeconds) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.putArray("causes").addObject()
                .put("reason", "ResourceVersionTooLarge")
                .put("message", "Too large resource version");
        if (retryAfterSeconds > 0) {
            details.put("retryAfterSeconds", retryAfterSeconds);
        }
        return new StatusError(504, "Timeout", "Timeout: Too large resource version: " + requested + ", current: "
                + current, details);
    }

    public static StatusError internal(String message) {
        return new StatusError(500, "InternalError", "Internal error occurred: " + message, null);
    }

    /** The meta/v1 Status object of this error. */
    public ObjectNode toStatus() {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", getMessage());
        // As upstream's omitempty: a webhook's refusal may carry no reason.
        if (!reason.isEmpty()) {
            status.put("reason", reason);
        }
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        return status;
    }

    private static ObjectNode details(GroupResource resource, String name) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        if (!name.isEmpty()) {
            details.put("name", name);
        }
        details.put("group", resource.group());
        details.put("kind", resource.resource());
        return details;
    }
}
