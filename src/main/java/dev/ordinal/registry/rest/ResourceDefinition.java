package dev.ordinal.registry.rest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.registry.rest.SubresourceStorage;

/**
 * Everything the API machinery knows about one served kind: its names and scope as discovery
 * shows them, its subresources, its strategy and its table columns. One per kind, as upstream
 * registers one storage per resource; its subresources' storages, by path, beside it (upstream's
 * {@code "pods/binding"} entries), in the order they are declared.
 *
 * <p>{@code returnDeletedObject} is upstream's store option of the same name: a delete that removes
 * the object at once answers with the object itself rather than a Status of kind Success.
 *
 * <p>{@code customResource}: the kind is served for a CustomResourceDefinition, as upstream's
 * apiextensions server serves it: unstructured (no Go type decodes its objects, its schema
 * validates them) and without strategic merge patch.
 *
 * <p>{@code storageVersion}: the version objects of the kind are stored in, whichever version a
 * write came through (a CRD's storage version); a built-in kind's is its own version.
 *
 * <p>{@code creater}: set for a kind that is only created and never stored (the access reviews);
 * null for every stored kind.
 */
public record ResourceDefinition(
        String group,
        String version,
        String kind,
        String plural,
        String singular,
        String listKind,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        Map<String, SubresourceStorage> subresources,
        Class<? extends HasMetadata> type,
        Strategy strategy,
        TableConvertor table,
        boolean returnDeletedObject,
        boolean customResource,
        String storageVersion,
        Creater creater) {

    /** The verbs every served resource supports, as discovery lists them. */
    public static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** The verbs discovery lists for the kind: only {@code create} for one that is never stored. */
    public List<String> verbs() {
        return creater == null ? VERBS : List.of("create");
    }

    /** The patch formats the kind takes; a custom resource has no strategic merge patch, as upstream's. */
    public List<String> patchTypes() {
        return customResource ? List.of("application/json-patch+json", "application/merge-patch+json",
                "application/apply-patch+yaml")
                : List.of("application/json-patch+json", "application/merge-patch+json",
                        "application/strategic-merge-patch+json", "application/apply-patch+yaml");
    }

    public GroupResource groupResource() {
        return new GroupResource(group, plural);
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public String storageApiVersion() {
        return group.isEmpty() ? storageVersion : group + "/" + storageVersion;
    }

    public boolean has(Subresource subresource) {
        return subresources.containsKey(subresource.path());
    }

    /** The storage of the subresource at {@code path}, if the kind serves one. */
    public Optional<SubresourceStorage> subresource(String path) {
        return Optional.ofNullable(subresources.get(path));
    }

    public static Builder builder(String group, String version, String kind, String plural) {
        return new Builder(group, version, kind, plural);
    }

    /** Reads like the upstream registration of a resource. */
    public static final class Builder {
        private final String group;
        private final String version;
        private final String kind;
        private final String plural;
        private String singular;
        private String listKind;
        private boolean namespaced = true;
        private List<String> shortNames = List.of();
        private List<String> categories = List.of();
        private final Map<String, SubresourceStorage> subresources = new LinkedHashMap<>();
        private Class<? extends HasMetadata> type;
        private Strategy strategy = new Strategy() { };
        private TableConvertor table;
        private boolean returnDeletedObject;
        private boolean customResource;
        private String storageVersion;
        private Creater creater;

        private Builder(String group, String version, String kind, String plural) {
            this.group = group;
            this.version = version;
            this.kind = kind;
            this.plural = plural;
            this.singular = kind.toLowerCase(Locale.ROOT);
            this.listKind = kind + "List";
            this.storageVersion = version;
        }

        /** The singular name, when it is not the lower-cased kind (a CRD's {@code names.singular}). */
        public Builder singular(String singular) {
            this.singular = singular;
            return this;
        }

        /** The list kind, when it is not the kind with {@code List} appended (a CRD's {@code names.listKind}). */
        public Builder listKind(String listKind) {
            this.listKind = listKind;
            return this;
        }

        public Builder clusterScoped() {
            this.namespaced = false;
            return this;
        }

        public Builder shortNames(String... names) {
            this.shortNames = List.of(names);
            return this;
        }

        public Builder categories(String... names) {
            this.categories = List.of(names);
            return this;
        }

        public Builder subresource(String path, SubresourceStorage storage) {
            this.subresources.put(path, storage);
            return this;
        }

        public Builder type(Class<? extends HasMetadata> type) {
            this.type = type;
            return this;
        }

        public Builder strategy(Strategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder table(TableConvertor table) {
            this.table = table;
            return this;
        }

        public Builder returnDeletedObject() {
            this.returnDeletedObject = true;
            return this;
        }

        public Builder customResource() {
            this.customResource = true;
            return this;
        }

        /** The version objects are stored in, when it is not the served one (a CRD's storage version). */
        public Builder storageVersion(String storageVersion) {
            this.storageVersion = storageVersion;
            return this;
        }

        /** Serves the kind as create-only and unstored, each create answered by {@code creater}. */
        public Builder createOnly(Creater creater) {
            this.creater = creater;
            return this;
        }

        public ResourceDefinition build() {
            return new ResourceDefinition(group, version, kind, plural, singular, listKind, namespaced, shortNames, categories,
                    Collections.unmodifiableMap(new LinkedHashMap<>(subresources)), type, strategy, table,
                    returnDeletedObject, customResource, storageVersion, creater);
        }
    }
}
