package dev.ordinal.registry.fieldmanager;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

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
    /** The types read from one group-version's schemas, built again when they are republished. */
    private record Types(JsonNode schemas, OpenApiTypes types) {
    }

    private final Map<String, Types> byGroupVersion = new ConcurrentHashMap<>();

    ServedMergeTypes(KindSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    public Optional<TypeSchema> forKind(String group, String version, String kind) {
        return schemas.schemaName(group, version, kind).flatMap(name -> {
            JsonNode components = schemas.components(group, version);
            Types types = byGroupVersion.compute(group + "/" + version, (gv, current) ->
                    current != null && current.schemas() == components ? current
                            : new Types(components, new OpenApiTypes(components)));
            return types.types().named(name);
        });
    }
}
