package dev.ordinal.registry.fieldmanager;

/** The fields one manager owns, in the version it wrote them, and whether it applied them. */
public record VersionedSet(FieldSet set, String apiVersion, boolean applied) {
}
