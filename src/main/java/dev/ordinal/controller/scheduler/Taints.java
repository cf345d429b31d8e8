package dev.ordinal.controller.scheduler;

import java.util.Set;

import tools.jackson.databind.JsonNode;

/** Taints and tolerations, as upstream's {@code v1.Toleration.ToleratesTaint} and its helpers. */
public final class Taints {

    /** The effects that keep pods off a node; PreferNoSchedule only lowers its score. */
    private static final Set<String> DO_NOT_SCHEDULE = Set.of("NoSchedule", "NoExecute");

    private Taints() {
    }

    /** The first NoSchedule or NoExecute taint no toleration tolerates, or null. */
    public static JsonNode untolerated(JsonNode taints, JsonNode tolerations) {
        return untolerated(taints, tolerations, DO_NOT_SCHEDULE);
    }

    /**
     * The first taint with one of {@code effects} no toleration tolerates, or null (upstream
     * {@code FindMatchingUntoleratedTaint} with an effect filter).
     */
    public static JsonNode untolerated(JsonNode taints, JsonNode tolerations, Set<String> effects) {
        for (JsonNode taint : taints) {
            if (effects.contains(taint.path("effect").asString("")) && !tolerated(taint, tolerations)) {
                return taint;
            }
        }
        return null;
    }

    /** How many PreferNoSchedule taints the pod does not tolerate, for scoring. */
    static int intolerablePreferNoSchedule(JsonNode taints, JsonNode tolerations) {
        int count = 0;
        for (JsonNode taint : taints) {
            if (taint.path("effect").asString("").equals("PreferNoSchedule") && !tolerated(taint, tolerations)) {
                count++;
            }
        }
        return count;
    }

    static boolean tolerated(JsonNode taint, JsonNode tolerations) {
        for (JsonNode toleration : tolerations) {
            if (tolerates(toleration, taint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An empty effect or key matches any; operator Exists matches any value, Equal (the default)
     * the same value.
     */
    public static boolean tolerates(JsonNode toleration, JsonNode taint) {
        String effect = toleration.path("effect").asString("");
        if (!effect.isEmpty() && !effect.equals(taint.path("effect").asString(""))) {
            return false;
        }
        String key = toleration.path("key").asString("");
        if (!key.isEmpty() && !key.equals(taint.path("key").asString(""))) {
            return false;
        }
        return switch (toleration.path("operator").asString("")) {
            case "", "Equal" -> toleration.path("value").asString("").equals(taint.path("value").asString(""));
            case "Exists" -> true;
            default -> false;
        };
    }
}
