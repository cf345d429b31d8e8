package dev.ordinal.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ordinal.api.openapi.KindSchemas;
import dev.ordinal.registry.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.fieldmanager.MergeTypes;
import dev.ordinal.registry.fieldmanager.OpenApiTypes;
import dev.ordinal.registry.fieldmanager.TypeSchema;

/**
 * The merge types server-side apply, managedFields and field validation use: read from the same
 * {@code components.schemas} the OpenAPI documents serve, one group-version at a time.
 */
@Component
class ServedMergeTypes implements MergeTypes {

    private final ResourceRegistry resources;
    private final KindSchemas schemas;
    private final Map<String, OpenApiTypes> byGroupVersion = new ConcurrentHashMap<>();

    ServedMergeTypes(ResourceRegistry resources, KindSchemas schemas) {
        this.resources = resources;
        this.schemas = schemas;
    }

    @Override
    public Optional<TypeSchema> forKind(String group, String version, String kind) {
        return resources.all().stream()
                .filter(d -> d.group().equals(group) && d.version().equals(version) && d.kind().equals(kind))
                .findFirst()
                .flatMap(this::typeOf);
    }

    private Optional<TypeSchema> typeOf(ResourceDefinition definition) {
        OpenApiTypes types = byGroupVersion.computeIfAbsent(definition.apiVersion(),
                gv -> new OpenApiTypes(schemas.components(definition)));
        return types.named(schemas.schemaName(definition));
    }
}
