package dev.ordinal.machinery.go;

import java.util.OptionalInt;

/**
 * Go's {@code encoding/base64} standard encoding as {@code encoding/json} decodes a {@code []byte}
 * field with it: line breaks are skipped, padding is required, and a bad input is reported at the
 * offset Go's {@code CorruptInputError} names (the illegal character, or the start of an unfinished
 * four-character group).
 */
public final class GoBase64 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private GoBase64() {
    }

    /** Where {@code text} stops being base64 as Go reads it; empty when it decodes. */
    public static OptionalInt illegalAt(String text) {
        int inGroup = 0;
        int groupStart = 0;
        int padding = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (inGroup == 0) {
                groupStart = i;
            }
            boolean afterPaddedGroup = padding > 0 && inGroup == 0;
            if (afterPaddedGroup) {
                return OptionalInt.of(i);
            }
            if (c == '=') {
                // Padding may only finish a group of two or three characters.
                if (inGroup < 2) {
                    return OptionalInt.of(i);
                }
                padding++;
            } else if (padding > 0 || ALPHABET.indexOf(c) < 0) {
                return OptionalInt.of(i);
            }
            inGroup = (inGroup + 1) % 4;
        }
        return inGroup == 0 ? OptionalInt.empty() : OptionalInt.of(groupStart);
    }
}
