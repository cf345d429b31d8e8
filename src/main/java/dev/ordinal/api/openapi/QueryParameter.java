package dev.ordinal.api.openapi;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The query parameters the server honours, with upstream's names and types. kubectl decides
 * whether to validate a manifest itself or leave it to the server by looking for
 * {@link #FIELD_VALIDATION} on the kind's PATCH operation.
 */
enum QueryParameter {
    ALLOW_WATCH_BOOKMARKS("allowWatchBookmarks", "boolean",
            "With watch, ask for BOOKMARK events that carry only a newer resourceVersion."),
    CONTINUE("continue", "string",
            "The token from a previous page's metadata.continue, to fetch the next page of a limited list."),
    DRY_RUN("dryRun", "string",
            "All: check and default the request as usual but persist nothing. The only accepted value is All."),
    FIELD_MANAGER("fieldManager", "string",
            "The name of the actor making this change, recorded in metadata.managedFields."),
    FIELD_SELECTOR("fieldSelector", "string",
            "Only objects whose fields match, e.g. metadata.name=web or status.phase!=Running."),
    FIELD_VALIDATION("fieldValidation", "string",
            "What to do with unknown or duplicate fields in the body: Strict rejects the request, Warn "
                    + "accepts it with a warning header, Ignore drops them silently."),
    FORCE("force", "boolean",
            "Server-side apply only: take ownership of fields another manager owns instead of failing "
                    + "with a conflict."),
    GRACE_PERIOD_SECONDS("gracePeriodSeconds", "integer",
            "Seconds the object may take to terminate; 0 deletes at once. Defaults to the kind's own period."),
    LABEL_SELECTOR("labelSelector", "string",
            "Only objects whose labels match, e.g. app=web,tier in (frontend),!canary."),
    LIMIT("limit", "integer",
            "The most items to return in one page; follow metadata.continue for the rest."),
    PROPAGATION_POLICY("propagationPolicy", "string",
            "What happens to dependents: Orphan leaves them, Background deletes them after the owner, "
                    + "Foreground deletes them before the owner goes away."),
    RESOURCE_VERSION("resourceVersion", "string",
            "For a list, how fresh the answer must be (\"0\" accepts any); for a watch, the version to "
                    + "stream changes after."),
    TIMEOUT_SECONDS("timeoutSeconds", "integer",
            "End a list or watch call after this many seconds."),
    WATCH("watch", "boolean",
            "Instead of a list, stream ADDED, MODIFIED and DELETED events for the matching objects.");

    private final String name;
    private final String type;
    private final String description;

    QueryParameter(String name, String type, String description) {
        this.name = name;
        this.type = type;
        this.description = description;
    }

    ObjectNode toJson() {
        ObjectNode parameter = JsonNodeFactory.instance.objectNode();
        parameter.put("name", name);
        parameter.put("in", "query");
        parameter.put("description", description);
        parameter.putObject("schema").put("type", type).put("uniqueItems", true);
        return parameter;
    }
}
