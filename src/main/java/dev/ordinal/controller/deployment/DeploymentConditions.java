package dev.ordinal.controller.deployment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Deployment's status conditions as upstream's {@code deployment_util.go} sets them, with its
 * reasons: setting one with the status and reason it already has changes nothing; a changed reason
 * keeps lastTransitionTime while the status stays; a set condition moves to the end of the list.
 */
final class DeploymentConditions {

    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    static final String RS_UPDATED = "ReplicaSetUpdated";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";
    static final String MINIMUM_AVAILABLE = "MinimumReplicasAvailable";
    static final String MINIMUM_UNAVAILABLE = "MinimumReplicasUnavailable";

    private DeploymentConditions() {
    }

    /** Upstream NewDeploymentCondition: both times now, in the Go type's field order. */
    static ObjectNode condition(String type, String status, String reason, String message, String now) {
        ObjectNode condition = JsonNodeFactory.instance.objectNode();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("lastUpdateTime", now);
        condition.put("lastTransitionTime", now);
        if (!reason.isEmpty()) {
            condition.put("reason", reason);
        }
        if (!message.isEmpty()) {
            condition.put("message", message);
        }
        return condition;
    }

    /** The condition of {@code type}, or a missing node. */
    static JsonNode get(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asString(""))) {
                return condition;
            }
        }
        return MissingNode.getInstance();
    }

    static String reason(JsonNode status, String type) {
        return get(status, type).path("reason").asString("");
    }

    /** Upstream SetDeploymentCondition. */
    static void set(ObjectNode status, ObjectNode condition) {
        JsonNode current = get(status, condition.path("type").asString(""));
        if (!current.isMissingNode()) {
            boolean sameStatus = current.path("status").equals(condition.path("status"));
            if (sameStatus && current.path("reason").equals(condition.path("reason"))) {
                return;
            }
            if (sameStatus) {
                condition.set("lastTransitionTime", current.path("lastTransitionTime").deepCopy());
            }
        }
        remove(status, condition.path("type").asString(""));
        status.withArray("conditions").add(condition);
    }

    /** Upstream RemoveDeploymentCondition; an emptied list goes, as Go's omitempty drops it. */
    static void remove(ObjectNode status, String type) {
        if (!(status.get("conditions") instanceof ArrayNode conditions)) {
            return;
        }
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if (type.equals(conditions.get(i).path("type").asString(""))) {
                conditions.remove(i);
            }
        }
        if (conditions.isEmpty()) {
            status.remove("conditions");
        }
    }
}
