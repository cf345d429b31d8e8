package dev.ordinal.registry.apiextensions.schema;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.ordinal.machinery.Formats;

/**
 * The string formats a custom resource's values are checked against, upstream's
 * {@code apiextensions-apiserver/pkg/apiserver/validation/formats.go} registry; every other format
 * ({@code int32}, {@code double}, ...) is not checked, as upstream ignores it. Format names are
 * matched without dashes and underscores, as go-openapi's registry normalises them.
 */
final class ValueFormats {

    private static final Pattern HOSTNAME = Pattern.compile(
            "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}](([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern MAC = Pattern.compile("^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$");
    private static final Pattern HEX_COLOR = Pattern.compile("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
    private static final Pattern RGB_COLOR = Pattern.compile(
            "^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$");
    private static final Pattern BSON_OBJECT_ID = Pattern.compile("^[0-9a-fA-F]{24}$");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-f]{8}-?[0-9a-f]{4}-?([0-9a-f])[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile(
            "^(([+-]?(\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+|0)$");
    private static final Pattern SCALA_DURATION = Pattern.compile(
            "^\\s*(\\d+)\\s*(ns|nano|nanos|nanosecond|nanoseconds|us|micro|micros|microsecond|microseconds|ms|milli|millis"
                    + "|millisecond|milliseconds|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours"
                    + "|d|day|days|w|wk|wks|week|weeks)\\s*$");
    private static final Pattern ISBN10 = Pattern.compile("^(?:[0-9]{9}X|[0-9]{10})$");
    private static final Pattern ISBN13 = Pattern.compile("^(?:(?:97(?:8|9))[0-9]{10})$");
    private static final Pattern SSN = Pattern.compile("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$");
    private static final Pattern CREDIT_CARD = Pattern.compile("^[0-9]{13,19}$");

    private static final Map<String, Predicate<String>> CHECKS = Map.ofEntries(
            Map.entry("bsonobjectid", v -> BSON_OBJECT_ID.matcher(v).matches()),
            Map.entry("uri", ValueFormats::uri),
            Map.entry("email", v -> EMAIL.matcher(v).matches()),
            Map.entry("hostname", v -> HOSTNAME.matcher(v).matches()),
            Map.entry("ipv4", v -> Formats.ip("", v).isEmpty() && v.contains(".") && !v.contains(":")),
            Map.entry("ipv6", v -> Formats.ip("", v).isEmpty() && v.contains(":")),
            Map.entry("cidr", v -> Formats.cidr("", v).isEmpty()),
            Map.entry("mac", v -> MAC.matcher(v).matches()),
            Map.entry("uuid", v -> UUID_TEXT.matcher(v).matches()),
            Map.entry("uuid3", v -> uuidVersion(v, 3)),
            Map.entry("uuid4", v -> uuidVersion(v, 4)),
            Map.entry("uuid5", v -> uuidVersion(v, 5)),
            Map.entry("isbn", v -> ISBN10.matcher(v.replaceAll("[\\s-]", "")).matches()
                    || ISBN13.matcher(v.replaceAll("[\\s-]", "")).matches()),
            Map.entry("isbn10", v -> ISBN10.matcher(v.replaceAll("[\\s-]", "")).matches()),
            Map.entry("isbn13", v -> ISBN13.matcher(v.replaceAll("[\\s-]", "")).matches()),
            Map.entry("creditcard", v -> CREDIT_CARD.matcher(v.replaceAll("[\\s-]", "")).matches()),
            Map.entry("ssn", v -> SSN.matcher(v).matches()),
            Map.entry("hexcolor", v -> HEX_COLOR.matcher(v).matches()),
            Map.entry("rgbcolor", v -> RGB_COLOR.matcher(v).matches()),
            Map.entry("byte", ValueFormats::base64),
            Map.entry("password", v -> true),
            Map.entry("date", ValueFormats::date),
            Map.entry("duration", v -> DURATION.matcher(v).matches() || SCALA_DURATION.matcher(v).matches()),
            Map.entry("datetime", ValueFormats::dateTime));

    private ValueFormats() {
    }

    /** Whether {@code value} is of {@code format}; a format upstream does not check always is. */
    static boolean valid(String format, String value) {
        Predicate<String> check = CHECKS.get(normalized(format));
        return check == null || check.test(value);
    }

    private static String normalized(String format) {
        return format.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** go-openapi's uri: whatever Go's {@code url.Parse} reads. */
    private static boolean uri(String value) {
        try {
            new java.net.URI(value);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static boolean uuidVersion(String value, int version) {
        if (!UUID_TEXT.matcher(value).matches()) {
            return false;
        }
        try {
            String dashed = value.replace("-", "");
            UUID uuid = UUID.fromString(dashed.substring(0, 8) + "-" + dashed.substring(8, 12) + "-"
                    + dashed.substring(12, 16) + "-" + dashed.substring(16, 20) + "-" + dashed.substring(20));
            return uuid.version() == version;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean base64(String value) {
        try {
            Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean date(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean dateTime(String value) {
        try {
            OffsetDateTime.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
