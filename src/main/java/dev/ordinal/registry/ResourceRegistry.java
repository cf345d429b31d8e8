package dev.ordinal.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.registry.admission.ServedKinds;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The served kinds, found by group/version/resource or by group/version/kind. The built-in kinds
 * are there from the start; the kinds of established CustomResourceDefinitions come and go at run
 * time ({@link #serve}, {@link #withdraw}), as upstream's apiextensions server adds and removes
 * its handlers. Every reader sees one consistent set (copy on write), and listeners hear of every
 * change, so what enumerates kinds (discovery, OpenAPI, informers) follows.
 */
public final class ResourceRegistry implements ServedKinds {

    /** Told after the served kinds changed. */
    @FunctionalInterface
    public interface Listener {
        void changed(List<ResourceDefinition> added, List<ResourceDefinition> removed);
    }

    private record Served(Map<String, ResourceDefinition> byResource, Map<String, ResourceDefinition> byKind) {

        static Served of(Collection<ResourceDefinition> definitions) {
            Map<String, ResourceDefinition> byResource = new LinkedHashMap<>();
            Map<String, ResourceDefinition> byKind = new LinkedHashMap<>();
            for (ResourceDefinition d : definitions) {
                byResource.put(d.apiVersion() + "/" + d.plural(), d);
                byKind.put(d.apiVersion() + "/" + d.kind(), d);
            }
            return new Served(byResource, byKind);
        }
    }

    private volatile Served served;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public ResourceRegistry(Collection<ResourceDefinition> definitions) {
        this.served = Served.of(definitions);
    }

    public Optional<ResourceDefinition> byResource(String group, String version, String plural) {
        return Optional.ofNullable(served.byResource()
                .get((group.isEmpty() ? version : group + "/" + version) + "/" + plural));
    }

    @Override
    public Optional<ResourceDefinition> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(served.byKind().get(apiVersion + "/" + kind));
    }

    /** The definition of a resource; of several versions, the one served first (the preferred one). */
    public ResourceDefinition get(GroupResource resource) {
        return find(resource).orElseThrow(() -> new IllegalArgumentException("not served: " + resource));
    }

    public Optional<ResourceDefinition> find(GroupResource resource) {
        return served.byResource().values().stream().filter(d -> d.groupResource().equals(resource)).findFirst();
    }

    @Override
    public List<ResourceDefinition> versions(GroupResource resource) {
        return served.byResource().values().stream().filter(d -> d.groupResource().equals(resource)).toList();
    }

    public List<ResourceDefinition> all() {
        return new ArrayList<>(served.byResource().values());
    }

    /** The served resources, each once however many versions serve it. */
    public List<GroupResource> resources() {
        return served.byResource().values().stream().map(ResourceDefinition::groupResource).distinct().toList();
    }

    /** The served group/versions in discovery order, the core "v1" first. */
    public List<String> groupVersions() {
        return served.byResource().values().stream().map(ResourceDefinition::apiVersion).distinct().toList();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Serves {@code definitions} as every version of {@code resource}, in place of whatever served
     * it before (a CRD's versions or names changed); an empty list stops serving it.
     */
    public void serve(GroupResource resource, List<ResourceDefinition> definitions) {
        List<ResourceDefinition> removed;
        List<ResourceDefinition> added;
        synchronized (this) {
            List<ResourceDefinition> current = all();
            List<ResourceDefinition> previous = current.stream().filter(d -> d.groupResource().equals(resource))
                    .toList();
            if (previous.equals(definitions)) {
                return;
            }
            List<ResourceDefinition> next = new ArrayList<>(current);
            next.removeAll(previous);
            next.addAll(definitions);
            served = Served.of(next);
            added = definitions.stream().filter(d -> !previous.contains(d)).toList();
            removed = previous.stream().filter(d -> !definitions.contains(d)).toList();
        }
        for (Listener listener : listeners) {
            listener.changed(added, removed);
        }
    }

    /** Stops serving every version of {@code resource}. */
    public void withdraw(GroupResource resource) {
        serve(resource, List.of());
    }
}
