package dev.ordinal.machinery;

/** A kind in one version of its group, as apimachinery's {@code schema.GroupVersionKind}. */
public record GroupVersionKind(String group, String version, String kind) {
}
