package dev.ordinal.registry.rest;

/**
 * The subresources whose writes the generic registry tells apart: status and finalize change
 * only their part of the object, and managedFields name the subresource a write came through.
 * What a kind serves is its definition's map of {@link dev.ordinal.registry.rest.SubresourceStorage}.
 */
public enum Subresource {
    STATUS("status"),
    SCALE("scale"),
    FINALIZE("finalize"),
    EPHEMERAL_CONTAINERS("ephemeralcontainers");

    private final String path;

    Subresource(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
