package dev.ordinal.registry.fieldmanager;

import java.util.Optional;

/**
 * The merge types of the served kinds, looked up by group, version and kind. A kind without a
 * schema is tracked as a free-form object ({@link TypeSchema#DEDUCED}).
 */
@FunctionalInterface
public interface KindSchemas {

    Optional<TypeSchema> forKind(String group, String version, String kind);

    /** No schemas at all: every object is tracked as free-form. */
    KindSchemas NONE = (group, version, kind) -> Optional.empty();
}
