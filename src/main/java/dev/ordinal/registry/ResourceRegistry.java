package dev.ordinal.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.registry.admission.ServedKinds;
import dev.ordinal.registry.rest.ResourceDefinition;

/** The served kinds, found by group/version/resource or by group/version/kind. */
public final class ResourceRegistry implements ServedKinds {

    private final Map<String, ResourceDefinition> byResource = new LinkedHashMap<>();
    private final Map<String, ResourceDefinition> byKind = new LinkedHashMap<>();

    public ResourceRegistry(Collection<ResourceDefinition> definitions) {
        for (ResourceDefinition d : definitions) {
            byResource.put(d.apiVersion() + "/" + d.plural(), d);
            byKind.put(d.apiVersion() + "/" + d.kind(), d);
        }
    }

    public Optional<ResourceDefinition> byResource(String group, String version, String plural) {
        return Optional.ofNullable(byResource.get((group.isEmpty() ? version : group + "/" + version) + "/" + plural));
    }

    @Override
    public Optional<ResourceDefinition> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(byKind.get(apiVersion + "/" + kind));
    }

    public ResourceDefinition get(GroupResource resource) {
        return byResource.values().stream().filter(d -> d.groupResource().equals(resource)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not served: " + resource));
    }

    public List<ResourceDefinition> all() {
        return new ArrayList<>(byResource.values());
    }

    /** The served group/versions in discovery order, the core "v1" first. */
    public List<String> groupVersions() {
        return byResource.values().stream().map(ResourceDefinition::apiVersion).distinct().toList();
    }
}
