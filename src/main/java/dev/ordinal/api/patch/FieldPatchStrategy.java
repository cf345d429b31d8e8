package dev.ordinal.api.patch;

/**
 * How strategic merge patch treats one field, from the schema's {@code x-kubernetes-patch-strategy}
 * and {@code x-kubernetes-patch-merge-key}: a list merged by key (or, for scalars, by value),
 * a map whose unlisted keys a {@code $retainKeys} directive may drop, or (default) replaced whole.
 */
public record FieldPatchStrategy(boolean merge, String mergeKey, boolean retainKeys) {

    public static final FieldPatchStrategy REPLACE = new FieldPatchStrategy(false, "", false);

    /** Reads the extension values, e.g. {@code "merge"}, {@code "retainKeys"}, {@code "merge,retainKeys"}. */
    public static FieldPatchStrategy of(String strategy, String mergeKey) {
        if (strategy == null || strategy.isEmpty()) {
            return REPLACE;
        }
        boolean merge = false;
        boolean retain = false;
        for (String part : strategy.split(",")) {
            merge |= part.trim().equals("merge");
            retain |= part.trim().equals("retainKeys");
        }
        return new FieldPatchStrategy(merge, mergeKey == null ? "" : mergeKey, retain);
    }
}
