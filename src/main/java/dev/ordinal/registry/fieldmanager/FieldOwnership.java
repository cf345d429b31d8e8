package dev.ordinal.registry.fieldmanager;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Moves field ownership between managers as structured-merge-diff's {@code merge.Updater} does.
 * An update gives its manager every field it added or changed and takes those from every other
 * manager; an apply merges the configuration into the object, gives its manager exactly the
 * fields it applied, removes what it applied last time and no longer does (unless another manager
 * owns it), and fails on fields it would change that others own, unless forced.
 *
 * @param type    the object's merge type
 * @param version the apiVersion of the request
 * @param ignored fields no manager owns through this endpoint (upstream's reset fields: status on
 *                the main resource, spec on the status subresource)
 */
record FieldOwnership(TypeSchema type, String version, FieldSet ignored) {

    /** The object an apply produced, null when it equals the live object, and the new owners. */
    record Applied(JsonNode object, Map<Manager, VersionedSet> managers) {
    }

    /** The owners after {@code live} became {@code updated} by {@code manager}'s write. */
    Map<Manager, VersionedSet> update(JsonNode live, JsonNode updated, Map<Manager, VersionedSet> managers,
                                      Manager manager) {
        Map<Manager, VersionedSet> owners = new LinkedHashMap<>(managers);
        Comparison compare = takeOwnership(live, updated, owners, manager, true);
        VersionedSet previous = owners.get(manager);
        FieldSet set = previous == null ? new FieldSet() : previous.set();
        set = set.difference(compare.removed()).union(compare.modified()).union(compare.added())
                .recursiveDifference(ignored);
        if (set.isEmpty()) {
            owners.remove(manager);
        } else {
            owners.put(manager, new VersionedSet(set, version, false));
        }
        return owners;
    }

    /** Merges {@code config} into {@code live} for {@code manager}; throws {@link ApplyConflicts} unless forced. */
    Applied apply(JsonNode live, JsonNode config, Map<Manager, VersionedSet> managers, Manager manager,
                  boolean force) {
        Map<Manager, VersionedSet> owners = new LinkedHashMap<>(managers);
        JsonNode merged = Merge.merge(live, config, type);
        VersionedSet last = owners.get(manager);
        owners.put(manager, new VersionedSet(FieldSets.of(config, type).recursiveDifference(ignored), version,
                true));
        JsonNode pruned = prune(merged, owners, last);
        takeOwnership(live, pruned, owners, manager, force);
        return new Applied(JsonValues.equal(live, pruned) ? null : pruned, owners);
    }

    /**
     * Takes the fields {@code live} to {@code updated} adds or changes from every manager but
     * {@code workflow} (a conflict unless {@code force}), and drops removed fields from all of them.
     */
    private Comparison takeOwnership(JsonNode live, JsonNode updated, Map<Manager, VersionedSet> owners,
                                     Manager workflow, boolean force) {
        Comparison compare = Comparison.of(ZeroValues.filled(live, type), ZeroValues.filled(updated, type), type)
                .excluding(ignored);
        FieldSet changed = compare.modified().union(compare.added());
        Map<Manager, FieldSet> conflicts = new LinkedHashMap<>();
        owners.forEach((manager, owned) -> {
            if (manager.equals(workflow)) {
                return;
            }
            FieldSet conflict = owned.set().intersection(changed);
            if (!conflict.isEmpty()) {
                conflicts.put(manager, conflict);
            }
        });
        if (!force && !conflicts.isEmpty()) {
            throw ApplyConflicts.of(conflicts);
        }
        owners.replaceAll((manager, owned) -> manager.equals(workflow) ? owned
                : new VersionedSet(owned.set().difference(conflicts.getOrDefault(manager, new FieldSet()))
                        .difference(compare.removed()), owned.apiVersion(), owned.applied()));
        owners.values().removeIf(owned -> owned.set().isEmpty());
        return compare;
    }

    /**
     * Removes what the applier applied last time and not this time, unless another manager (or the
     * applier's new configuration) owns it; what was there before the applier ever owned it stays.
     */
    private JsonNode prune(JsonNode merged, Map<Manager, VersionedSet> owners, VersionedSet last) {
        if (last == null || last.set().isEmpty()) {
            return merged;
        }
        FieldSet lastSet = named(last.set());
        JsonNode pruned = removeItems(merged, lastSet);
        FieldSet managed = new FieldSet();
        for (VersionedSet owned : owners.values()) {
            managed = managed.union(owned.set());
        }
        FieldSet mergedSet = named(FieldSets.of(merged, type));
        pruned = removeItems(merged, mergedSet.difference(named(FieldSets.of(pruned, type)).union(named(managed))));
        FieldSet dangling = mergedSet.difference(named(FieldSets.of(pruned, type))).intersection(lastSet);
        return removeItems(merged, dangling);
    }

    private FieldSet named(FieldSet set) {
        return FieldSets.ensureNamedFieldsAreMembers(set, type);
    }

    private JsonNode removeItems(JsonNode value, FieldSet items) {
        JsonNode rest = ItemRemoval.remove(value, items, type);
        return rest == null ? JsonNodeFactory.instance.objectNode() : rest;
    }
}
