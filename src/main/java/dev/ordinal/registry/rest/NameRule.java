package dev.ordinal.registry.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.ordinal.machinery.Formats;

/**
 * The name formats upstream validation applies to {@code metadata.name} (apimachinery
 * {@code api/validation} {@code NameIsDNSSubdomain} and its kin), over the value formats of
 * {@link Formats}.
 */
public enum NameRule {
    DNS1123_SUBDOMAIN(Formats::dns1123Subdomain),
    DNS1123_LABEL(Formats::dns1123Label),
    DNS1035_LABEL(Formats::dns1035Label),
    /** Only what a URL path segment forbids (upstream {@code path.IsValidPathSegmentName}). */
    PATH_SEGMENT(name -> List.of());

    private final Function<String, List<String>> format;

    NameRule(Function<String, List<String>> format) {
        this.format = format;
    }

    /**
     * The problems of a name, empty when valid. With {@code prefix} the name is a generateName
     * prefix, which may end in a dash (upstream {@code maskTrailingDash}).
     */
    public List<String> check(String name, boolean prefix) {
        List<String> problems = new ArrayList<>(pathSegmentProblems(name));
        String checked = prefix && name.length() > 1 && name.endsWith("-")
                ? name.substring(0, name.length() - 2) + "a" : name;
        problems.addAll(format.apply(checked));
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
