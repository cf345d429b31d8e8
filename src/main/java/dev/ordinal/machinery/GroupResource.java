package dev.ordinal.machinery;

/**
 * A resource within an API group, as upstream's {@code schema.GroupResource}. Its string form is
 * the one error messages use: {@code statefulsets.apps}, or {@code pods} for the core group.
 */
public record GroupResource(String group, String resource) {

    @Override
    public String toString() {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
