package dev.ordinal.registry.fieldmanager;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ordinal.registry.openapi.KindSchemas;

/**
 * The merge types server-side apply, managedFields and field validation use: read from the same
 * {@code components.schemas} the OpenAPI documents serve, one group-version at a time, as
 * upstream's field manager builds its type converter from the server's OpenAPI models.
 */
@Component
class ServedMergeTypes implements MergeTypes {

    private final KindSchemas schemas;
    private final Map<String, OpenApiTypes> byGroupVersion = new ConcurrentHashMap<>();

    ServedMergeTypes(KindSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    public Optional<TypeSchema> forKind(String group, String version, String kind) {
        return schemas.schemaName(group, version, kind).flatMap(name -> byGroupVersion
                .computeIfAbsent(group + "/" + version, gv -> new OpenApiTypes(schemas.components(group, version)))
                .named(name));
    }
}
