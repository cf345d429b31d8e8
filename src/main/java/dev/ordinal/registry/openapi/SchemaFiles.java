package dev.ordinal.registry.openapi;

/**
 * Where the schema half of each group-version's OpenAPI document lives: the top-level
 * {@code openapi/} folder, packaged into the jar under the same name.
 */
public final class SchemaFiles {

    public static final String DIRECTORY = "openapi";

    private SchemaFiles() {
    }

    /** {@code api__v1.json} for the core group, {@code apis__apps__v1.json} for a named one. */
    public static String name(String group, String version) {
        return group.isEmpty() ? "api__" + version + ".json" : "apis__" + group + "__" + version + ".json";
    }
}
