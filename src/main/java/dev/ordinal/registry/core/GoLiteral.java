package dev.ordinal.registry.core;

import java.util.List;
import java.util.stream.Collectors;

import dev.ordinal.machinery.go.GoText;

/**
 * A bad value as Go's {@code %#v} prints it in an upstream field error, e.g.
 * {@code []string{"None"}}, for values that are neither strings nor numbers.
 */
public record GoLiteral(String text) {

    public static GoLiteral strings(List<String> values) {
        return new GoLiteral(values.stream().map(GoText::quote).collect(Collectors.joining(", ", "[]string{", "}")));
    }

    @Override
    public String toString() {
        return text;
    }
}
