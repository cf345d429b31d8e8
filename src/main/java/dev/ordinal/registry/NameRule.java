package dev.ordinal.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The name formats upstream validation applies to {@code metadata.name}, with upstream's messages
 * (apimachinery {@code util/validation}).
 */
public enum NameRule {
    DNS1123_SUBDOMAIN(253, "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*",
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                    + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    DNS1123_LABEL(63, "[a-z0-9]([-a-z0-9]*[a-z0-9])?",
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
                    + "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
                    + "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
    DNS1035_LABEL(63, "[a-z]([-a-z0-9]*[a-z0-9])?",
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                    + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                    + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
    /** Only what a URL path segment forbids (upstream {@code path.IsValidPathSegmentName}). */
    PATH_SEGMENT(0, null, null);

    private final int maxLength;
    private final Pattern pattern;
    private final String message;

    NameRule(int maxLength, String regex, String message) {
        this.maxLength = maxLength;
        this.pattern = regex == null ? null : Pattern.compile(regex);
        this.message = message;
    }

    /**
     * The problems of a name, empty when valid. With {@code prefix} the name is a generateName
     * prefix, which may end in a dash (upstream {@code maskTrailingDash}).
     */
    public List<String> check(String name, boolean prefix) {
        List<String> problems = new ArrayList<>(pathSegmentProblems(name));
        if (pattern == null) {
            return problems;
        }
        String checked = prefix && name.length() > 1 && name.endsWith("-")
                ? name.substring(0, name.length() - 2) + "a" : name;
        if (checked.length() > maxLength) {
            problems.add("must be no more than " + maxLength + " characters");
        }
        if (!pattern.matcher(checked).matches()) {
            problems.add(message);
        }
        return problems;
    }

    private static List<String> pathSegmentProblems(String name) {
        if (name.equals(".") || name.equals("..")) {
            return List.of("may not be '" + name + "'");
        }
        List<String> problems = new ArrayList<>();
        for (String illegal : List.of("/", "%")) {
            if (name.contains(illegal)) {
                problems.add("may not contain '" + illegal + "'");
            }
        }
        return problems;
    }
}
