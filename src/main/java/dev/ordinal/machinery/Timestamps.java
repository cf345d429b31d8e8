package dev.ordinal.machinery;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times as objects carry them: metav1.Time, RFC 3339 in UTC to the second, as Go's
 * {@code time.RFC3339} layout writes a UTC time with its sub-second part dropped.
 */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
