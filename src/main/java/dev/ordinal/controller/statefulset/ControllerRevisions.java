package dev.ordinal.controller.statefulset;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoJson;

/**
 * The ControllerRevisions that record a StatefulSet's pod templates (upstream {@code pkg/controller/history}
 * and the revision helpers of stateful_set_utils.go); a DaemonSet's revisions hold the same data. A revision's
 * {@code data} is a strategic merge patch that puts the template back:
 * {@code {"spec":{"template":{"$patch":"replace", ...}}}}.
 */
public final class ControllerRevisions {

    /** The label carrying a revision's hash (upstream ControllerRevisionHashLabel). */
    public static final String HASH_LABEL = "controller.kubernetes.io/hash";

    /** What rand.SafeEncodeString maps each digit of the hash through. */
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int MAX_NAME_PREFIX = 223;
    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private ControllerRevisions() {
    }

    /**
     * A revision of the set's current template numbered {@code revision}, named
     * {@code <set>-<hash>}, labelled with the template's labels and the hash, annotated with a copy
     * of the set's annotations and controlled by the set (upstream newRevision and NewControllerRevision).
     */
    static Unstructured newRevision(Unstructured set, long revision, int collisionCount) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("apiVersion", "apps/v1");
        json.put("kind", "ControllerRevision");
        ObjectNode meta = json.putObject("metadata");
        ObjectNode labels = meta.putObject("labels");
        StatefulSetSpec.template(set).path("metadata").path("labels").properties()
                .forEach(e -> labels.set(e.getKey(), e.getValue()));
        meta.putArray("ownerReferences").add(OwnerReferences.controllerRef(set, OwnerReferences.STATEFUL_SET));
        if (!set.annotations().isEmpty()) {
            meta.set("annotations", set.metadata().get("annotations").deepCopy());
        }
        json.set("data", patch(set));
        json.put("revision", revision);
        Unstructured created = new Unstructured(json);
        String hash = hash(created, collisionCount);
        meta.put("name", name(set.name(), hash));
        labels.put(HASH_LABEL, hash);
        return created;
    }

    /**
     * The patch that restores the set's template (upstream getPatch, the same for DaemonSets), its
     * keys in Go's order: upstream stores the bytes json.Marshal wrote and serves them as they are,
     * and {@code kubectl rollout undo} compares them byte for byte with the patch it computes from
     * the set to skip a rollback to the current template.
     */
    public static ObjectNode patch(Unstructured set) {
        JsonNode stored = set.at("spec.template");
        ObjectNode template = stored.isObject() ? (ObjectNode) stored.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        template.put("$patch", "replace");
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("spec").set("template", template);
        return (ObjectNode) GoJson.ordered(patch);
    }

    /** The set with the template a revision recorded (upstream ApplyRevision). */
    static Unstructured applyRevision(Unstructured set, Unstructured revision) {
        Unstructured restored = set.deepCopy();
        JsonNode template = revision.at("data.spec.template");
        if (template.isObject()) {
            ObjectNode copy = (ObjectNode) template.deepCopy();
            copy.remove("$patch");
            restored.json().withObject("spec").set("template", copy);
        }
        return restored;
    }

    /** The bytes a revision's data is compared and hashed as: Go's encoding of it. */
    public static String data(Unstructured revision) {
        return GoJson.write(revision.json().path("data"));
    }

    /**
     * FNV-1 (32 bit) over the data bytes and then the decimal collision count, printed as an
     * unsigned number and made safe by mapping each digit into {@code bcdfghjklmnpqrstvwxz2456789}
     * (upstream HashControllerRevision and rand.SafeEncodeString).
     */
    static String hash(Unstructured revision, int collisionCount) {
        int hash = FNV_OFFSET_BASIS;
        for (byte b : (data(revision) + collisionCount).getBytes(StandardCharsets.UTF_8)) {
            hash *= FNV_PRIME;
            hash ^= b & 0xff;
        }
        StringBuilder safe = new StringBuilder();
        for (char digit : Integer.toUnsignedString(hash).toCharArray()) {
            safe.append(SAFE_ALPHABET.charAt(digit % SAFE_ALPHABET.length()));
        }
        return safe.toString();
    }

    /** {@code <prefix>-<hash>}, the prefix cut to 223 characters (upstream ControllerRevisionName). */
    public static String name(String prefix, String hash) {
        return (prefix.length() > MAX_NAME_PREFIX ? prefix.substring(0, MAX_NAME_PREFIX) : prefix) + "-" + hash;
    }

    public static long revisionNumber(Unstructured revision) {
        return revision.json().path("revision").asLong(0);
    }

    static void setRevisionNumber(Unstructured revision, long number) {
        revision.json().put("revision", number);
    }

    /** By revision number, ties broken by creation time and then name (upstream SortControllerRevisions). */
    static void sort(List<Unstructured> revisions) {
        revisions.sort(Comparator.comparingLong(ControllerRevisions::revisionNumber)
                .thenComparing(r -> r.metadata().path("creationTimestamp").asString(""))
                .thenComparing(Unstructured::name));
    }

    /** 1 more than the highest revision number of sorted {@code revisions}, 1 for none. */
    static long nextRevision(List<Unstructured> revisions) {
        return revisions.isEmpty() ? 1 : revisionNumber(revisions.get(revisions.size() - 1)) + 1;
    }

    /**
     * Whether two revisions hold the same data (upstream EqualRevision). Hash labels are only
     * compared when both parse as decimal int32 — upstream's quirk, since safe-encoded hashes
     * usually contain letters.
     */
    static boolean equal(Unstructured a, Unstructured b) {
        Long hashA = numericHash(a);
        Long hashB = numericHash(b);
        if (hashA != null && hashB != null && !hashA.equals(hashB)) {
            return false;
        }
        return data(a).equals(data(b));
    }

    /** The revisions equal to {@code needle}, in their order (upstream FindEqualRevisions). */
    static List<Unstructured> findEqual(List<Unstructured> revisions, Unstructured needle) {
        return revisions.stream().filter(r -> equal(r, needle)).toList();
    }

    private static Long numericHash(Unstructured revision) {
        String hash = revision.labels().get(HASH_LABEL);
        if (hash == null) {
            return null;
        }
        try {
            return Long.valueOf(Integer.parseInt(hash));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
