package dev.ordinal.api.patch;

/**
 * The patch metadata of one object type, navigated field by field as a strategic merge patch
 * descends into an object (upstream's {@code strategicpatch.LookupPatchMeta}).
 */
public interface PatchSchema {

    /** The strategy of {@code field} in this type. */
    FieldPatchStrategy strategy(String field);

    /** The type of {@code field}'s value (for a list, of its items); {@link #NONE} when unknown. */
    PatchSchema field(String field);

    /** A schema with no patch metadata: every list is replaced, every map merged. */
    PatchSchema NONE = new PatchSchema() {
        @Override
        public FieldPatchStrategy strategy(String field) {
            return FieldPatchStrategy.REPLACE;
        }

        @Override
        public PatchSchema field(String field) {
            return this;
        }
    };
}
