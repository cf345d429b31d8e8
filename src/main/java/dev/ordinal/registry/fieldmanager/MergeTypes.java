package dev.ordinal.registry.fieldmanager;

import java.util.Optional;

/**
 * The merge types of the served kinds, looked up by group, version and kind (the server reads them
 * from the OpenAPI documents it serves, see {@link OpenApiTypes}). A kind without a schema is
 * tracked as a free-form object ({@link TypeSchema#DEDUCED}).
 */
@FunctionalInterface
public interface MergeTypes {

    Optional<TypeSchema> forKind(String group, String version, String kind);

    /** No schemas at all: every object is tracked as free-form. */
    MergeTypes NONE = (group, version, kind) -> Optional.empty();
}
