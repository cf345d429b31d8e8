package dev.ordinal.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Claims the children a controller manages by its selector (upstream {@code controller_ref_manager.go},
 * {@code ClaimObject}): a child it controls stays while the selector matches and is released when
 * it no longer does; a matching orphan is adopted; children of other controllers are left alone.
 * Adoption and release are patches of the child's ownerReferences that name its UID, so they
 * never touch another object of the same name.
 */
public final class ControllerRefManager {

    private final GenericRegistry registry;
    private final ResourceDefinition children;
    private final OwnerReferences.Kind ownerKind;
    private final Consumer<Unstructured> written;

    /**
     * @param written told of every child written, e.g. to expect it in an informer cache
     */
    public ControllerRefManager(GenericRegistry registry, ResourceDefinition children, OwnerReferences.Kind ownerKind,
                                Consumer<Unstructured> written) {
        this.registry = registry;
        this.children = children;
        this.ownerKind = ownerKind;
        this.written = written;
    }

    /**
     * Whether an owner, as an informer cached it, may still adopt orphans: read {@code fresh} from
     * the store, it must still be there with the same uid and not be being deleted (upstream's
     * {@code canAdoptFunc} of each controller with {@code RecheckDeletionTimestamp}).
     *
     * @throws IllegalStateException with upstream's message when it may not
     */
    public static void checkCanAdopt(ResourceDefinition definition, Unstructured owner, Optional<Unstructured> fresh) {
        Unstructured stored = fresh.orElseThrow(() -> new IllegalStateException(
                definition.groupResource() + " \"" + owner.name() + "\" not found"));
        if (!stored.uid().equals(owner.uid())) {
            throw new IllegalStateException("original " + definition.kind() + " " + owner.namespace() + "/"
                    + owner.name() + " is gone: got uid " + stored.uid() + ", wanted " + owner.uid());
        }
        if (stored.isBeingDeleted()) {
            throw new IllegalStateException(owner.namespace() + "/" + owner.name() + " has just been deleted at "
                    + stored.deletionTimestamp());
        }
    }

    /**
     * An owner's {@code spec.selector} as upstream's {@code LabelSelectorAsSelector} reads it: none
     * selects nothing.
     *
     * @throws dev.ordinal.machinery.labels.InvalidSelectorException for a selector that does not convert
     */
    public static LabelSelector selector(Unstructured owner) {
        JsonNode selector = owner.at("spec.selector");
        if (!selector.isObject()) {
            return LabelSelector.nothing();
        }
        return LabelSelector.fromLabelSelector(JsonMapper.shared().treeToValue(selector,
                io.fabric8.kubernetes.api.model.LabelSelector.class));
    }

    /**
     * The candidates {@code owner} manages once orphans are adopted and strays released.
     *
     * @param canAdopt run once, before the first adoption; throws when the owner may not adopt
     *                 (upstream's RecheckDeletionTimestamp on a fresh read of the owner)
     */
    public List<Unstructured> claim(Unstructured owner, LabelSelector selector, List<Unstructured> candidates,
                                    Runnable canAdopt) {
        List<Unstructured> claimed = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        boolean[] adoptionChecked = {false};
        for (Unstructured child : candidates) {
            try {
                if (claim(owner, selector, child, () -> {
                    if (!adoptionChecked[0]) {
                        canAdopt.run();
                        adoptionChecked[0] = true;
                    }
                })) {
                    claimed.add(child);
                }
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        SyncErrors.throwIfAny(errors);
        return claimed;
    }

    private boolean claim(Unstructured owner, LabelSelector selector, Unstructured child, Runnable canAdopt) {
        Optional<JsonNode> controller = OwnerReferences.controllerOf(child);
        if (controller.isPresent()) {
            if (!OwnerReferences.uid(controller.get()).equals(owner.uid())) {
                return false;
            }
            if (selector.matches(child.labels())) {
                return true;
            }
            // An owner being deleted keeps its children, for the garbage collector to find.
            if (!owner.isBeingDeleted()) {
                ignoreNotFound(() -> release(owner, child));
            }
            return false;
        }
        if (owner.isBeingDeleted() || !selector.matches(child.labels()) || child.isBeingDeleted()
                || !child.namespace().equals(owner.namespace())) {
            return false;
        }
        try {
            canAdopt.run();
        } catch (RuntimeException e) {
            throw new IllegalStateException("can't adopt " + children.kind() + " " + child.namespace() + "/"
                    + child.name() + " (" + child.uid() + "): " + e.getMessage(), e);
        }
        return ignoreNotFound(() -> adopt(owner, child));
    }

    private void adopt(Unstructured owner, Unstructured child) {
        written.accept(registry.patch(children, child.namespace(), child.name(), current -> {
            requireUid(current, child.uid());
            List<JsonNode> refs = withoutOwner(current, owner.uid());
            refs.add(OwnerReferences.controllerRef(owner, ownerKind));
            OwnerReferences.set(current, refs);
            return current;
        }, null, WriteOptions.defaults()));
    }

    private void release(Unstructured owner, Unstructured child) {
        written.accept(registry.patch(children, child.namespace(), child.name(), current -> {
            requireUid(current, child.uid());
            OwnerReferences.set(current, withoutOwner(current, owner.uid()));
            return current;
        }, null, WriteOptions.defaults()));
    }

    private static List<JsonNode> withoutOwner(Unstructured object, String ownerUid) {
        List<JsonNode> refs = new ArrayList<>(OwnerReferences.of(object));
        refs.removeIf(ref -> OwnerReferences.uid(ref).equals(ownerUid));
        return refs;
    }

    /** The patch's UID precondition, worded as upstream's. */
    private void requireUid(Unstructured current, String uid) {
        if (!uid.equals(current.uid())) {
            throw StatusError.conflict(children.groupResource(), current.name(),
                    "Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + current.uid());
        }
    }

    /** A child gone meanwhile is no error, just not claimed. */
    private static boolean ignoreNotFound(Runnable write) {
        try {
            write.run();
            return true;
        } catch (RuntimeException e) {
            if (SyncErrors.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }
}
