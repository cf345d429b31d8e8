package dev.ordinal.registry;

/** The subresources a kind serves besides the main resource. */
public enum Subresource {
    STATUS("status"),
    SCALE("scale"),
    /** A namespace's finalize subresource: the only way to change its spec.finalizers. */
    FINALIZE("finalize");

    private final String path;

    Subresource(String path) {
        this.path = path;
    }

    /** The verbs discovery lists for it, as upstream's. */
    public java.util.List<String> verbs() {
        return this == FINALIZE ? java.util.List.of("update") : java.util.List.of("get", "patch", "update");
    }

    public String path() {
        return path;
    }

    public static Subresource fromPath(String path) {
        for (Subresource s : values()) {
            if (s.path.equals(path)) {
                return s;
            }
        }
        return null;
    }
}
