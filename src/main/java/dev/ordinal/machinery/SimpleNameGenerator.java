package dev.ordinal.machinery;

import java.security.SecureRandom;

/**
 * Upstream's {@code names.SimpleNameGenerator}: a prefix (cut to 58 characters) and five random
 * characters of an alphabet without vowels, so no generated name spells a word.
 */
public final class SimpleNameGenerator {

    private static final char[] ALPHABET = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
    private static final int MAX_PREFIX = 58;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SimpleNameGenerator() {
    }

    public static String generate(String prefix) {
        StringBuilder name = new StringBuilder(prefix.length() > MAX_PREFIX ? prefix.substring(0, MAX_PREFIX) : prefix);
        for (int i = 0; i < 5; i++) {
            name.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return name.toString();
    }
}
