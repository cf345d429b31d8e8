package dev.ordinal.registry.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.MetaValidation;

/**
 * The value formats of upstream's {@code apimachinery/pkg/util/validation} that kind validation
 * applies to fields: DNS labels and subdomains, port numbers and names, IP addresses, config keys.
 * Each check answers the problems with a value, worded as upstream, or nothing when it is valid.
 */
public final class Formats {

    private static final String DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FORMAT);
    private static final String DNS1123_SUBDOMAIN_FORMAT =
            DNS1123_LABEL_FORMAT + "(\\." + DNS1123_LABEL_FORMAT + ")*";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FORMAT);
    private static final String CONFIG_KEY_FORMAT = "[-._a-zA-Z0-9]+";
    private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FORMAT);
    private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
    private static final Pattern PORT_NAME_LETTER = Pattern.compile(".*[a-z].*");
    private static final String PERCENT_FORMAT = "[0-9]+%";
    private static final Pattern PERCENT = Pattern.compile(PERCENT_FORMAT);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*");

    private Formats() {
    }

    public static List<String> dns1123Label(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 63) {
            problems.add(maxLength(63));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            problems.add(DNS1123_SUBDOMAIN.matcher(value).matches() ? "must not contain dots"
                    : regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or "
                            + "'-', and must start and end with an alphanumeric character", DNS1123_LABEL_FORMAT,
                            "my-name", "123-abc"));
        }
        return problems;
    }

    public static List<String> dns1123Subdomain(String value) {
        List<String> problems = new ArrayList<>();
        if (value.length() > 253) {
            problems.add(maxLength(253));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            problems.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    + "characters, '-' or '.', and must start and end with an alphanumeric character",
                    DNS1123_SUBDOMAIN_FORMAT, "example.com"));
        }
        return problems;
    }

    /** Upstream {@code IsQualifiedName}: a label key such as {@code example.com/name}. */
    public static List<String> qualifiedName(String value) {
        return MetaValidation.qualifiedNameErrors(value);
    }

    public static List<String> labelValue(String value) {
        return MetaValidation.labelValueErrors(value);
    }

    /** Upstream {@code ValidateLabels}: every key a qualified name, every value a label value. */
    public static List<FieldError> labels(JsonNode labels, String path) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> sorted = new TreeMap<>();
        labels.properties().forEach(label -> sorted.put(label.getKey(), label.getValue().asString("")));
        sorted.forEach((key, value) -> {
            Formats.qualifiedName(key).forEach(problem -> errors.add(FieldError.invalid(path, key, problem)));
            Formats.labelValue(value).forEach(problem -> errors.add(FieldError.invalid(path, value, problem)));
        });
        return errors;
    }

    public static List<String> portNumber(long port) {
        return port >= 1 && port <= 65535 ? List.of() : List.of("must be between 1 and 65535, inclusive");
    }

    public static List<String> portName(String name) {
        List<String> problems = new ArrayList<>();
        if (name.length() > 15) {
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
        if (key.length() > 253) {
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
        return parseIp(value) != null ? List.of()
                : List.of(FieldError.invalid(path, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    }

    /** Upstream {@code IsValidCIDR} as a field error, or nothing. */
    public static List<FieldError> cidr(String path, String value) {
        int slash = value.indexOf('/');
        byte[] address = slash < 0 ? null : parseIp(value.substring(0, slash));
        boolean valid = address != null && value.substring(slash + 1).matches("\\d{1,3}")
                && Integer.parseInt(value.substring(slash + 1)) <= address.length * 8;
        return valid ? List.of()
                : List.of(FieldError.invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
    }

    /**
     * Upstream {@code ValidateNonSpecialIP}, for endpoints: a valid address that is neither
     * unspecified, loopback, nor link-local.
     */
    public static List<FieldError> nonSpecialIp(String path, String value) {
        byte[] bytes = parseIp(value);
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

    /** The bytes of an IPv4 or IPv6 literal, or {@code null}; never resolves a host name. */
    static byte[] parseIp(String value) {
        var ipv4 = IPV4.matcher(value);
        if (ipv4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String octet = ipv4.group(i + 1);
                int number = Integer.parseInt(octet);
                if (number > 255) {
                    return null;
                }
                bytes[i] = (byte) number;
            }
            return bytes;
        }
        if (!value.contains(":") || !IPV6_CHARS.matcher(value).matches()) {
            return null;
        }
        try {
            // An address with a colon and nothing but address characters is parsed as an IPv6
            // literal by the JDK, never looked up as a host name.
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    static String maxLength(int length) {
        return "must be no more than " + length + " characters";
    }

    /** Upstream {@code RegexError}, with its examples (note the doubled space before "or"). */
    static String regexError(String message, String format, String... examples) {
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
