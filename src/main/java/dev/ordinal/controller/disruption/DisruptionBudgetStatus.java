package dev.ordinal.controller.disruption;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalInt;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.IntOrPercent;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * The status the disruption controller gives a PodDisruptionBudget (upstream's {@code trySync},
 * {@code getExpectedPodCount}, {@code buildDisruptedPodMap}, {@code countHealthyPods} and
 * {@code updatePdbStatus}):
 * <ul>
 *   <li>an integer minAvailable expects the selected pods and wants that many healthy; a
 *       percentage minAvailable or a maxUnavailable expects the scale of the pods' controllers
 *       and wants the percentage of it (rounded up), or it less maxUnavailable;</li>
 *   <li>a pod is healthy when Ready, not being deleted and not among the disruptedPods the
 *       eviction subresource noted; a noted pod leaves the map once it is being deleted, or after
 *       {@link #DELETION_TIMEOUT} if it never was;</li>
 *   <li>disruptionsAllowed is healthy less desired, never below 0, and 0 without expected pods;
 *       the DisruptionAllowed condition says whether any is allowed (SufficientPods,
 *       InsufficientPods), or SyncFailed when the expected count cannot be worked out.</li>
 * </ul>
 *
 * @param status  the status to write
 * @param recheck when a noted disruption times out and the budget must be looked at again, or null
 */
record DisruptionBudgetStatus(ObjectNode status, Instant recheck) {

    /** Upstream's DeletionTimeout: how long an eviction may take to turn into a deletion. */
    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * @param expectedScale the total scale of the selected pods' controllers; empty when one of
     *                      them could not be found
     */
    static DisruptionBudgetStatus of(Unstructured budget, List<Unstructured> pods, OptionalInt expectedScale,
                                     Instant now) {
        JsonNode spec = budget.json().path("spec");
        JsonNode previous = budget.json().path("status");
        int expected;
        int desired;
        if (spec.has("maxUnavailable") || (spec.has("minAvailable") && spec.path("minAvailable").isString())) {
            if (expectedScale.isEmpty()) {
                return failed(budget, previous, now);
            }
            expected = expectedScale.getAsInt();
            desired = spec.has("maxUnavailable")
                    ? Math.max(0, expected - IntOrPercent.scaledValue(spec.path("maxUnavailable"), expected, true))
                    : IntOrPercent.scaledValue(spec.path("minAvailable"), expected, true);
        } else {
            expected = pods.size();
            desired = spec.path("minAvailable").asInt(0);
        }
        ObjectNode disrupted = JSON.objectNode();
        Instant recheck = null;
        JsonNode noted = previous.path("disruptedPods");
        for (Unstructured pod : pods) {
            if (pod.isBeingDeleted() || !noted.has(pod.name())) {
                continue;
            }
            Instant at = parse(noted.path(pod.name()).asString(""));
            if (at == null) {
                continue;
            }
            Instant expires = at.plus(DELETION_TIMEOUT);
            if (expires.isAfter(now)) {
                disrupted.put(pod.name(), noted.path(pod.name()).asString());
                recheck = recheck == null || expires.isBefore(recheck) ? expires : recheck;
            }
        }
        int healthy = 0;
        for (Unstructured pod : pods) {
            if (!pod.isBeingDeleted() && !disrupted.has(pod.name()) && PodConditions.isReady(pod)) {
                healthy++;
            }
        }
        int allowed = expected <= 0 ? 0 : Math.max(0, healthy - desired);
        ObjectNode status = JSON.objectNode();
        if (!disrupted.isEmpty()) {
            status.set("disruptedPods", disrupted);
        }
        status.put("disruptionsAllowed", allowed);
        status.put("currentHealthy", healthy);
        status.put("desiredHealthy", desired);
        status.put("expectedPods", expected);
        status.put("observedGeneration", budget.generation());
        condition(status, previous, allowed > 0 ? "True" : "False", allowed > 0 ? "SufficientPods" : "InsufficientPods",
                "", budget.generation(), now);
        return new DisruptionBudgetStatus(status, recheck);
    }

    /** Upstream's failSafe: no disruption allowed, and the condition says why. */
    private static DisruptionBudgetStatus failed(Unstructured budget, JsonNode previous, Instant now) {
        ObjectNode status = previous.isObject() ? ((ObjectNode) previous).deepCopy() : JSON.objectNode();
        status.put("disruptionsAllowed", 0);
        status.put("observedGeneration", budget.generation());
        condition(status, previous, "False", "SyncFailed", "found no controllers for pods selected by the budget",
                budget.generation(), now);
        return new DisruptionBudgetStatus(status, null);
    }

    /** The DisruptionAllowed condition, a metav1.Condition: its transition time moves only with its status. */
    private static void condition(ObjectNode status, JsonNode previous, String conditionStatus, String reason,
                                  String message, long generation, Instant now) {
        String transition = Timestamps.format(now);
        for (JsonNode old : previous.path("conditions")) {
            if (old.path("type").asString("").equals("DisruptionAllowed")
                    && old.path("status").asString("").equals(conditionStatus)
                    && old.hasNonNull("lastTransitionTime")) {
                transition = old.path("lastTransitionTime").asString();
            }
        }
        status.putArray("conditions").addObject()
                .put("type", "DisruptionAllowed")
                .put("status", conditionStatus)
                .put("observedGeneration", generation)
                .put("lastTransitionTime", transition)
                .put("reason", reason)
                .put("message", message);
    }

    private static Instant parse(String time) {
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
