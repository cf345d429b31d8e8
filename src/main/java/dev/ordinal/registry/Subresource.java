package dev.ordinal.registry;

/** The subresources a kind serves besides the main resource. */
public enum Subresource {
    STATUS("status"),
    SCALE("scale"),
    /** A namespace's finalize subresource: the only way to change its spec.finalizers. */
    FINALIZE("finalize"),
    /** A pod's binding subresource: the only way to assign it to a node (spec.nodeName). */
    BINDING("binding");

    private final String path;

    Subresource(String path) {
        this.path = path;
    }

    /** The verbs discovery lists for it, as upstream's. */
    public java.util.List<String> verbs() {
        return switch (this) {
            case FINALIZE -> java.util.List.of("update");
            case BINDING -> java.util.List.of("create");
            default -> java.util.List.of("get", "patch", "update");
        };
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
