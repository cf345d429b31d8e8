package dev.ordinal.controller;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code pod-template-hash} of a pod template (upstream {@code controller.ComputeHash}):
 * FNV-1a 32-bit over the template, then, when the owner (a Deployment, or a DaemonSet naming its
 * ControllerRevisions) has had a name collision, over the collision count as 4 little-endian bytes
 * and 4 zero bytes; the sum's unsigned decimal digits are then mapped through
 * {@code rand.SafeEncodeString}'s alphabet.
 *
 * <p>Where this differs: upstream hashes go-spew's {@code %#v} dump of the Go
 * {@code v1.PodTemplateSpec} struct, every field of every nested Go type in declaration order.
 * Ordinal has no Go types, so it hashes the defaulted template's JSON with its keys sorted at every
 * level. The hash has upstream's form, is stable for equal templates and changes with the template
 * and with the collision count, but is not the value a real cluster computes for the same template.
 */
public final class PodTemplateHash {

    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private PodTemplateHash() {
    }

    /** The hash of {@code template}; {@code collisionCount} null (never collided) adds nothing, unlike 0. */
    public static String of(JsonNode template, Integer collisionCount) {
        return hash(canonical(template).toString().getBytes(StandardCharsets.UTF_8), collisionCount);
    }

    /** Steps after the template's rendering: FNV-1a, the collision count, the safe encoding. */
    static String hash(byte[] data, Integer collisionCount) {
        int sum = fnv1a(FNV_OFFSET_BASIS, data);
        if (collisionCount != null) {
            int count = collisionCount;
            byte[] bytes = {(byte) count, (byte) (count >>> 8), (byte) (count >>> 16), (byte) (count >>> 24), 0, 0, 0, 0};
            sum = fnv1a(sum, bytes);
        }
        return safeEncode(Integer.toUnsignedString(sum));
    }

    private static int fnv1a(int hash, byte[] data) {
        for (byte b : data) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    /** Upstream {@code rand.SafeEncodeString}: each character to the alphabet at its code point modulo 27. */
    private static String safeEncode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            encoded.append(SAFE_ALPHABET.charAt(c % SAFE_ALPHABET.length()));
        }
        return encoded.toString();
    }

    /** The JSON with the keys of every object sorted, so equal templates render equally. */
    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            names.forEach(name -> sorted.set(name, canonical(node.get(name))));
            return sorted;
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(canonical(element)));
            return array;
        }
        return node;
    }
}
