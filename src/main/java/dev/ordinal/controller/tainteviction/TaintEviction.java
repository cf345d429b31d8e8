package dev.ordinal.controller.tainteviction;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.scheduler.Taints;

/**
 * When a pod on a node with NoExecute taints is to be deleted, as upstream's taint eviction
 * controller decides it ({@code processPodOnNode}, {@code getMinTolerationTime}): at once when a
 * NoExecute taint is not tolerated; never when every toleration used is unbounded; otherwise after
 * the shortest {@code tolerationSeconds} of the tolerations used (none below 0), counted from the
 * moment the last of the taints was added ({@code timeAdded}; {@code now} for a taint without one),
 * where upstream counts from when it saw the taints: the same moment here, where taints are added
 * by a controller on the same clock, and one that survives a restart.
 */
final class TaintEviction {

    private TaintEviction() {
    }

    /** The moment the pod is to be deleted, or empty when the node's taints let it stay. */
    static Optional<Instant> deletionTime(JsonNode tolerations, JsonNode nodeTaints, Instant now) {
        Long minimum = null;
        Instant since = null;
        boolean tainted = false;
        for (JsonNode taint : nodeTaints) {
            if (!taint.path("effect").asString("").equals("NoExecute")) {
                continue;
            }
            tainted = true;
            Instant added = timeAdded(taint, now);
            since = since == null || added.isAfter(since) ? added : since;
            boolean tolerated = false;
            for (JsonNode toleration : tolerations) {
                if (!Taints.tolerates(toleration, taint)) {
                    continue;
                }
                tolerated = true;
                if (toleration.hasNonNull("tolerationSeconds")) {
                    long seconds = Math.max(0, toleration.path("tolerationSeconds").asLong());
                    minimum = minimum == null ? seconds : Math.min(minimum, seconds);
                }
            }
            if (!tolerated) {
                return Optional.of(now);
            }
        }
        if (!tainted || minimum == null) {
            return Optional.empty();
        }
        return Optional.of(since.plusSeconds(minimum));
    }

    private static Instant timeAdded(JsonNode taint, Instant now) {
        try {
            return taint.hasNonNull("timeAdded") ? Instant.parse(taint.path("timeAdded").asString()) : now;
        } catch (DateTimeParseException e) {
            return now;
        }
    }
}
