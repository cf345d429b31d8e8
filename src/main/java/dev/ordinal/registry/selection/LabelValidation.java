package dev.ordinal.registry.selection;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Upstream's label key ({@code IsQualifiedName}, i.e. {@code content.IsLabelKey}) and label value
 * ({@code IsValidLabelValue}) checks, with their messages. Strategies use them for label-shaped
 * fields too: selectors, taint and toleration keys, qualified names.
 */
public final class LabelValidation {

    private static final String NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";
    private static final int NAME_MAX_LENGTH = 63;
    private static final Pattern NAME = Pattern.compile(NAME_FORMAT);

    private static final String VALUE_FORMAT = "(" + NAME_FORMAT + ")?";
    private static final String VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final int VALUE_MAX_LENGTH = 63;
    private static final Pattern VALUE = Pattern.compile(VALUE_FORMAT);

    private static final String DNS_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FORMAT = DNS_LABEL_FORMAT + "(\\." + DNS_LABEL_FORMAT + ")*";
    private static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final int SUBDOMAIN_MAX_LENGTH = 253;
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FORMAT);

    private LabelValidation() {
    }

    /**
     * Problems with a label key: an optional DNS-1123 subdomain prefix and {@code /}, then a name of
     * at most 63 bytes that starts and ends alphanumeric. Empty when the key is valid.
     */
    public static List<String> keyErrors(String key) {
        List<String> errors = new ArrayList<>();
        String[] parts = key.split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    errors.add("prefix part must be non-empty");
                } else {
                    subdomainErrors(prefix).forEach(e -> errors.add("prefix part " + e));
                }
            }
            default -> {
                return List.of("a valid label key " + nameRegexError()
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            }
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (GoText.byteLength(name) > NAME_MAX_LENGTH) {
            errors.add("name part " + maxLengthError(NAME_MAX_LENGTH));
        }
        if (!NAME.matcher(name).matches()) {
            errors.add("name part " + nameRegexError());
        }
        return errors;
    }

    /** Problems with a label value: empty, or at most 63 bytes starting and ending alphanumeric. */
    public static List<String> valueErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (GoText.byteLength(value) > VALUE_MAX_LENGTH) {
            errors.add(maxLengthError(VALUE_MAX_LENGTH));
        }
        if (!VALUE.matcher(value).matches()) {
            errors.add(regexError(VALUE_MESSAGE, VALUE_FORMAT, "MyValue", "my_value", "12345"));
        }
        return errors;
    }

    private static List<String> subdomainErrors(String value) {
        List<String> errors = new ArrayList<>();
        if (GoText.byteLength(value) > SUBDOMAIN_MAX_LENGTH) {
            errors.add(maxLengthError(SUBDOMAIN_MAX_LENGTH));
        }
        if (!SUBDOMAIN.matcher(value).matches()) {
            errors.add(regexError(SUBDOMAIN_MESSAGE, SUBDOMAIN_FORMAT, "example.com"));
        }
        return errors;
    }

    private static String nameRegexError() {
        return regexError(NAME_MESSAGE, NAME_FORMAT, "MyName", "my.name", "123-abc");
    }

    private static String maxLengthError(int length) {
        return "must be no more than " + length + " bytes";
    }

    /** Upstream {@code RegexError}, examples and all (note its doubled space before "or"). */
    private static String regexError(String message, String format, String... examples) {
        StringBuilder out = new StringBuilder(message).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                out.append(" or ");
            }
            out.append('\'').append(examples[i]).append("', ");
        }
        return out.append("regex used for validation is '").append(format).append("')").toString();
    }
}
