package dev.ordinal.registry.printers;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/** Times as the printers show them: how long ago, in {@link HumanDuration}'s words. */
final class Timestamps {

    private Timestamps() {
    }

    /** An RFC 3339 time ({@code metav1.Time} or {@code MicroTime}), or null where it is unset. */
    static Instant parse(JsonNode timestamp) {
        String text = Fields.text(timestamp);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Upstream's {@code translateTimestampSince}: {@code <unknown>} for an unset time. */
    static String since(Instant timestamp, Instant now) {
        return timestamp == null ? "<unknown>" : HumanDuration.format(Duration.between(timestamp, now));
    }

    static String since(JsonNode timestamp, Instant now) {
        return since(parse(timestamp), now);
    }

    /** The AGE cell: time since {@code metadata.creationTimestamp}. */
    static String age(Unstructured object, Instant now) {
        return since(object.metadata().path("creationTimestamp"), now);
    }
}
