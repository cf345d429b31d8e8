package dev.ordinal.registry.apiextensions;

import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API machinery reads off a CustomResourceDefinition's JSON, as upstream's
 * {@code apihelpers}: its storage version, its conditions, and whether its versions share a part.
 */
public final class CustomResourceDefinitions {

    public static final String GROUP = "apiextensions.k8s.io";
    public static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

    private CustomResourceDefinitions() {
    }

    public static Optional<String> storageVersion(JsonNode spec) {
        for (JsonNode version : spec.path("versions")) {
            if (version.path("storage").asBoolean(false)) {
                return Optional.of(version.path("name").asString(""));
            }
        }
        return Optional.empty();
    }

    /** The condition of {@code type} in a CRD's status, if it has one. */
    public static Optional<JsonNode> condition(JsonNode crd, String type) {
        for (JsonNode condition : crd.path("status").path("conditions")) {
            if (condition.path("type").asString("").equals(type)) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    public static boolean conditionTrue(JsonNode crd, String type) {
        return condition(crd, type).map(c -> c.path("status").asString("").equals("True")).orElse(false);
    }

    public static boolean established(JsonNode crd) {
        return conditionTrue(crd, "Established");
    }

    /**
     * Sets a condition, its lastTransitionTime moved only when its status changes, as upstream's
     * {@code SetCRDCondition}.
     */
    public static void setCondition(ObjectNode crd, String type, String status, String reason, String message,
                                    String now) {
        ObjectNode crdStatus = crd.withObject("status");
        JsonNode existing = crdStatus.get("conditions");
        ArrayNode conditions = existing instanceof ArrayNode array ? array : crdStatus.putArray("conditions");
        for (JsonNode condition : conditions) {
            if (condition.path("type").asString("").equals(type)) {
                ObjectNode found = (ObjectNode) condition;
                if (!found.path("status").asString("").equals(status)) {
                    found.put("lastTransitionTime", now);
                }
                found.put("status", status).put("reason", reason).put("message", message);
                return;
            }
        }
        conditions.addObject().put("type", type).put("status", status).put("lastTransitionTime", now)
                .put("reason", reason).put("message", message);
    }

    /** Whether every version carries the same {@code field}, so upstream's internal form holds it once. */
    static boolean shared(JsonNode versions, String field) {
        for (JsonNode version : versions) {
            if (!version.path(field).equals(versions.get(0).path(field))) {
                return false;
            }
        }
        return true;
    }
}
