package dev.ordinal.registry.openapi;

import java.time.YearMonth;
import java.util.Optional;

import dev.ordinal.machinery.go.GoText;

/**
 * Go's {@code time.Parse(time.RFC3339, value)}, as metav1.Time's UnmarshalJSON calls it, reduced to
 * its verdict: empty when the value parses, else Go's error, e.g. {@code parsing time "2024-13-01T00:00:00Z":
 * month out of range} or {@code parsing time "soon" as "2006-01-02T15:04:05Z07:00": cannot parse
 * "soon" as "2006"}. Layout elements are read as Go reads them: the year four digits, the hour one
 * or two, month, day, minute and second two, fractional seconds after the seconds, then {@code Z}
 * or an offset.
 */
final class RfcTime {

    private static final String LAYOUT = "2006-01-02T15:04:05Z07:00";

    private final String value;
    private String rest;

    private RfcTime(String value) {
        this.value = value;
        this.rest = value;
    }

    static Optional<String> check(String value) {
        try {
            new RfcTime(value).parse();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void parse() {
        int year = number("2006", 4, 4);
        literal("-");
        int month = number("01", 2, 2);
        literal("-");
        int day = number("02", 2, 2);
        literal("T");
        int hour = number("15", 1, 2);
        literal(":");
        int minute = number("04", 2, 2);
        literal(":");
        int second = number("05", 2, 2);
        if (rest.length() >= 2 && rest.charAt(0) == '.' && Character.isDigit(rest.charAt(1))) {
            int end = 1;
            while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
                end++;
            }
            rest = rest.substring(end);
        }
        zone();
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("parsing time " + GoText.quote(value) + ": extra text: "
                    + GoText.quote(rest));
        }
        outOfRange("month", month < 1 || month > 12);
        outOfRange("day", day < 1 || day > YearMonth.of(year, month).lengthOfMonth());
        outOfRange("hour", hour > 23);
        outOfRange("minute", minute > 59);
        outOfRange("second", second > 59);
    }

    private int number(String element, int min, int max) {
        int digits = 0;
        while (digits < max && digits < rest.length() && Character.isDigit(rest.charAt(digits))) {
            digits++;
        }
        if (digits < min) {
            throw cannotParse(element);
        }
        int parsed = Integer.parseInt(rest.substring(0, digits));
        rest = rest.substring(digits);
        return parsed;
    }

    private void literal(String element) {
        if (!rest.startsWith(element)) {
            throw cannotParse(element);
        }
        rest = rest.substring(element.length());
    }

    private void zone() {
        if (rest.startsWith("Z")) {
            rest = rest.substring(1);
            return;
        }
        boolean offset = rest.length() >= 6 && (rest.charAt(0) == '+' || rest.charAt(0) == '-')
                && Character.isDigit(rest.charAt(1)) && Character.isDigit(rest.charAt(2)) && rest.charAt(3) == ':'
                && Character.isDigit(rest.charAt(4)) && Character.isDigit(rest.charAt(5));
        if (!offset) {
            throw cannotParse("Z07:00");
        }
        rest = rest.substring(6);
    }

    private void outOfRange(String element, boolean outOfRange) {
        if (outOfRange) {
            throw new IllegalArgumentException("parsing time " + GoText.quote(value) + ": " + element
                    + " out of range");
        }
    }

    private IllegalArgumentException cannotParse(String element) {
        return new IllegalArgumentException("parsing time " + GoText.quote(value) + " as " + GoText.quote(LAYOUT)
                + ": cannot parse " + GoText.quote(rest) + " as " + GoText.quote(element));
    }
}
