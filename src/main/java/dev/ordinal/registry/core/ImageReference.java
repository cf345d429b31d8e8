package dev.ordinal.registry.core;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tag a container image reference names, read as upstream's {@code parsers.ParseImageName}
 * reads it through the distribution {@code reference} grammar: a reference that names neither a
 * tag nor a digest means {@code latest}; one that does not parse names no tag at all (upstream
 * ignores the parse error there and goes on without a tag).
 */
final class ImageReference {

    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String HOST = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
            + "|\\[(?:[a-fA-F0-9:]+)\\])";
    private static final String NAME = "(?:" + HOST + "(?::[0-9]+)?/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final Pattern REFERENCE = Pattern.compile("(" + NAME + ")(?::([\\w][\\w.-]{0,127}))?"
            + "(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    private static final int NAME_TOTAL_MAX_LENGTH = 255;
    /** The digest algorithms the apiserver links in, with the hex length each one's digest has. */
    private static final Map<String, Integer> DIGEST_LENGTHS = Map.of("sha256", 64, "sha384", 96, "sha512", 128);
    private static final Pattern LOWER_HEX = Pattern.compile("[a-f0-9]+");

    private ImageReference() {
    }

    /**
     * The tag {@code image} names, {@code latest} when it names neither a tag nor a digest; empty
     * when it names only a digest or does not parse.
     */
    static Optional<String> tag(String image) {
        if (IDENTIFIER.matcher(image).matches()) {
            return Optional.empty();
        }
        String remainder = remainderAfterDomain(image);
        if (!remainder.toLowerCase(Locale.ROOT).equals(remainder)) {
            return Optional.empty();
        }
        Matcher reference = REFERENCE.matcher(image);
        if (!reference.matches() || reference.group(1).length() > NAME_TOTAL_MAX_LENGTH) {
            return Optional.empty();
        }
        String tag = reference.group(2);
        String digest = reference.group(3);
        if (digest != null && !validDigest(digest)) {
            return Optional.empty();
        }
        if (tag == null && digest == null) {
            return Optional.of("latest");
        }
        return Optional.ofNullable(tag);
    }

    /**
     * What follows the registry host, which must be lowercase (distribution's
     * {@code splitDockerDomain}): the first path segment is a host only if it has a dot or a port,
     * is {@code localhost}, or has an uppercase letter.
     */
    private static String remainderAfterDomain(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return image;
        }
        String first = image.substring(0, slash);
        boolean isDomain = first.contains(".") || first.contains(":") || first.equals("localhost")
                || !first.toLowerCase(Locale.ROOT).equals(first);
        return isDomain ? image.substring(slash + 1) : image;
    }

    private static boolean validDigest(String digest) {
        int colon = digest.indexOf(':');
        Integer length = DIGEST_LENGTHS.get(digest.substring(0, colon));
        String encoded = digest.substring(colon + 1);
        return length != null && encoded.length() == length && LOWER_HEX.matcher(encoded).matches();
    }
}
