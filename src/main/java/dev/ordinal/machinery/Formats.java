package dev.ordinal.machinery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The value formats of upstream's {@code apimachinery/pkg/util/validation}: qualified names, label
 * values, DNS labels and subdomains, port numbers and names, IP addresses, config keys. Each check
 * answers the problems with a value, worded as upstream, or nothing when it is valid. Lengths are
 * counted in UTF-8 bytes, as Go's {@code len} counts a string.
 */
public final class Formats {

    private static final String QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or "
            + "'.', and must start and end with an alphanumeric character";
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FORMAT);
    private static final int QUALIFIED_NAME_MAX_LENGTH = 63;

    private static final String LABEL_VALUE_FORMAT = "(" + QUALIFIED_NAME_FORMAT + ")?";
    private static final String LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of "
            + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FORMAT);
    private static final int LABEL_VALUE_MAX_LENGTH = 63;

    private static final String DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FORMAT);
    private static final int DNS1123_LABEL_MAX_LENGTH = 63;

    private static final String DNS1123_SUBDOMAIN_FORMAT = DNS1123_LABEL_FORMAT + "(\\." + DNS1123_LABEL_FORMAT + ")*";
    private static final String DNS1123_SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower "
            + "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FORMAT);
    private static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

    private static final String DNS1035_LABEL_FORMAT = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1035_LABEL_MESSAGE = "a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FORMAT);
    private static final int DNS1035_LABEL_MAX_LENGTH = 63;

    private static final String CONFIG_KEY_FORMAT = "[-._a-zA-Z0-9]+";
    private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FORMAT);
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
    private static final Pattern PORT_NAME_LETTER = Pattern.compile(".*[a-z].*");
    private static final String PERCENT_FORMAT = "[0-9]+%";
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FORMAT);

    private Formats() {
    }

    /** Upstream {@code IsQualifiedName}: an optional DNS subdomain and '/', then a name of up to 63 characters. */
    public static List<String> qualifiedName(String value) {
        List<String> problems = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        switch (parts.length) {
            case 1 -> name = parts[0];
            case 2 -> {
                String prefix = parts[0];
                name = parts[1];
                if (prefix.isEmpty()) {
                    problems.add("prefix part must be non-empty");
                } else {
                    dns1123Subdomain(prefix).forEach(problem -> problems.add("prefix part " + problem));
                }
            }
            default -> {
                return List.of("a qualified name " + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT,
                        "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            }
        }
        if (name.isEmpty()) {
            problems.add("name part must be non-empty");
        } else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
            problems.add("name part " + maxLength(QUALIFIED_NAME_MAX_LENGTH));
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            problems.add("name part " + regexError(QUALIFIED_NAME_MESSAGE, QUALIFIED_NAME_FORMAT,
                    "MyName", "my.name", "123-abc"));
        }
        return problems;
    }

    /** Upstream {@code IsValidLabelValue}: empty, or up to 63 characters starting and ending alphanumeric. */
    public static List<String> labelValue(String value) {
        List<String> problems = new ArrayList<>();
        if (byteLength(value) > LABEL_VALUE_MAX_LENGTH) {
            problems.add(maxLength(LABEL_VALUE_MAX_LENGTH));
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            problems.add(regexError(LABEL_VALUE_MESSAGE, LABEL_VALUE_FORMAT, "MyValue", "my_value", "12345"));
        }
        return problems;
    }

    /** Upstream {@code IsDNS1123Label}; a valid subdomain that is no label can only hold dots. */
    public static List<String> dns1123Label(String value) {
        List<String> problems = new ArrayList<>();
        if (byteLength(value) > DNS1123_LABEL_MAX_LENGTH) {
            problems.add(maxLength(DNS1123_LABEL_MAX_LENGTH));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            problems.add(DNS1123_SUBDOMAIN.matcher(value).matches() ? "must not contain dots"
                    : regexError(DNS1123_LABEL_MESSAGE, DNS1123_LABEL_FORMAT, "my-name", "123-abc"));
        }
        return problems;
    }

    /** Upstream {@code IsDNS1123Subdomain}. */
    public static List<String> dns1123Subdomain(String value) {
        List<String> problems = new ArrayList<>();
        if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
            problems.add(maxLength(DNS1123_SUBDOMAIN_MAX_LENGTH));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            problems.add(regexError(DNS1123_SUBDOMAIN_MESSAGE, DNS1123_SUBDOMAIN_FORMAT, "example.com"));
        }
        return problems;
    }

    /** Upstream {@code IsDNS1035Label}: a DNS-1123 label that starts with a letter. */
    public static List<String> dns1035Label(String value) {
        List<String> problems = new ArrayList<>();
        if (byteLength(value) > DNS1035_LABEL_MAX_LENGTH) {
            problems.add(maxLength(DNS1035_LABEL_MAX_LENGTH));
        }
        if (!DNS1035_LABEL.matcher(value).matches()) {
            problems.add(regexError(DNS1035_LABEL_MESSAGE, DNS1035_LABEL_FORMAT, "my-name", "abc-123"));
        }
        return problems;
    }

    public static List<String> portNumber(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of("must be between 1 and 65535, inclusive");
    }

    public static List<String> portName(String name) {
        List<String> problems = new ArrayList<>();
        if (byteLength(name) > 15) {
            problems.add(maxLength(15));
        }
        if (!PORT_NAME_CHARSET.matcher(name).matches()) {
            problems.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }
        if (!PORT_NAME_LETTER.matcher(name).matches()) {
            problems.add("must contain at least one letter (a-z)");
        }
        if (name.contains("--")) {
            problems.add("must not contain consecutive hyphens");
        }
        if (!name.isEmpty() && (name.startsWith("-") || name.endsWith("-"))) {
            problems.add("must not begin or end with a hyphen");
        }
        return problems;
    }

    public static List<String> configMapKey(String key) {
        List<String> problems = new ArrayList<>();
        if (byteLength(key) > 253) {
            problems.add(maxLength(253));
        }
        if (!CONFIG_KEY.matcher(key).matches()) {
            problems.add(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                    CONFIG_KEY_FORMAT, "key.name", "KEY_NAME", "key_name"));
        }
        if (key.equals(".")) {
            problems.add("must not be '.'");
        } else if (key.equals("..")) {
            problems.add("must not be '..'");
        } else if (key.startsWith("..")) {
            problems.add("must not start with '..'");
        }
        return problems;
    }

    public static List<String> percent(String value) {
        return PERCENT.matcher(value).matches() ? List.of()
                : List.of(regexError("a valid percent string must be a numeric string followed by an ending '%'",
                        PERCENT_FORMAT, "1%", "93%"));
    }

    /** Upstream {@code IsValidIP} as a field error, or nothing. */
    public static List<FieldError> ip(String path, String value) {
        return IpAddresses.parseSloppy(value).isPresent() ? List.of()
                : List.of(FieldError.invalid(path, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }

    /** Upstream {@code IsValidCIDR} as a field error, or nothing. */
    public static List<FieldError> cidr(String path, String value) {
        return IpAddresses.parseCidrSloppy(value).isPresent() ? List.of()
                : List.of(FieldError.invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    }

    /**
     * Upstream {@code ValidateNonSpecialIP}, for endpoints: a valid address that is neither
     * unspecified, loopback, nor link-local.
     */
    public static List<FieldError> nonSpecialIp(String path, String value) {
        byte[] bytes = IpAddresses.parseSloppy(value).orElse(null);
        if (bytes == null) {
            return List.of(FieldError.invalid(path, value, "must be a valid IP address"));
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return List.of(FieldError.invalid(path, value, "must be a valid IP address"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (address.isAnyLocalAddress()) {
            errors.add(FieldError.invalid(path, value, "may not be unspecified (" + value + ")"));
        }
        if (address.isLoopbackAddress()) {
            errors.add(FieldError.invalid(path, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        }
        if (address.isLinkLocalAddress()) {
            errors.add(FieldError.invalid(path, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }
        if (address.isMCLinkLocal()) {
            errors.add(FieldError.invalid(path, value,
                    "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
        }
        return errors;
    }

    private static String maxLength(int length) {
        return "must be no more than " + length + " characters";
    }

    /** Upstream {@code RegexError}, with its examples (note the doubled space before each "or"). */
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

    /** Go's {@code len} of a string counts UTF-8 bytes. */
    static int byteLength(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
