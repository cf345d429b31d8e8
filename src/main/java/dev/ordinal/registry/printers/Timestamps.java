package dev.ordinal.registry.printers;

import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.Unstructured;

/** Times as the printers show them: how long ago, in {@link HumanDuration}'s words. */
final class Timestamps {

    private Timestamps() {
    }

    /** Upstream's {@code translateTimestampSince}: {@code <unknown>} for an unset time. */
    static String since(Instant timestamp, Instant now) {
        return timestamp == null ? "<unknown>" : HumanDuration.format(Duration.between(timestamp, now));
    }

    static String since(JsonNode timestamp, Instant now) {
        return since(JsonFields.time(timestamp), now);
    }

    /** The AGE cell: time since {@code metadata.creationTimestamp}. */
    static String age(Unstructured object, Instant now) {
        return since(object.metadata().path("creationTimestamp"), now);
    }
}
