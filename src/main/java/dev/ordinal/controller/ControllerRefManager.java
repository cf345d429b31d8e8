package dev.ordinal.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Claims the children a controller manages by its selector (upstream {@code controller_ref_manager.go},
 * {@code ClaimObject}): a child it controls stays while the selector matches and is released when
 * it no longer does; a matching orphan is adopted; children of other controllers are left alone.
 * How adoption and release are written is the controller's ({@link ChildWrites}); through the
 * registry they are {@link OwnerReferencePatches}.
 */
public final class ControllerRefManager {

    /** Writes a child's controller reference. */
    public interface ChildWrites {
        void adopt(Unstructured owner, Unstructured child);

        void release(Unstructured owner, Unstructured child);
    }

    private final String childKind;
    private final ChildWrites writes;

    public ControllerRefManager(String childKind, ChildWrites writes) {
        this.childKind = childKind;
        this.writes = writes;
    }

    /**
     * Adopts and releases through the registry.
     *
     * @param written told of every child written, e.g. to expect it in an informer cache
     */
    public ControllerRefManager(GenericRegistry registry, ResourceDefinition children, OwnerReferences.Kind ownerKind,
                                Consumer<Unstructured> written) {
        this(children.kind(), throughRegistry(new OwnerReferencePatches(registry, children, ownerKind), written));
    }

    private static ChildWrites throughRegistry(OwnerReferencePatches patches, Consumer<Unstructured> written) {
        return new ChildWrites() {
            @Override
            public void adopt(Unstructured owner, Unstructured child) {
                written.accept(patches.adopt(owner, child));
            }

            @Override
            public void release(Unstructured owner, Unstructured child) {
                written.accept(patches.release(owner, child));
            }
        };
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

    /** The candidates {@code owner} manages by its selector; see {@link #claim(Unstructured, Predicate, List, Runnable)}. */
    public List<Unstructured> claim(Unstructured owner, LabelSelector selector, List<Unstructured> candidates,
                                    Runnable canAdopt) {
        return claim(owner, child -> selector.matches(child.labels()), candidates, canAdopt);
    }

    /**
     * The candidates {@code owner} manages once orphans are adopted and strays released.
     * {@code matches} is asked only of children this owner controls or no one does, as upstream's
     * match function is: most candidates are usually other owners', and reading every one's
     * labels on every sync is what would cost.
     *
     * @param canAdopt run at most once, before the first adoption; throws when the owner may not
     *                 adopt (upstream's RecheckDeletionTimestamp on a fresh read of the owner), and
     *                 every adoption of the sync then fails with that reason, as upstream's
     *                 {@code canAdoptOnce}
     */
    public List<Unstructured> claim(Unstructured owner, Predicate<Unstructured> matches, List<Unstructured> candidates,
                                    Runnable canAdopt) {
        List<Unstructured> claimed = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        AdoptionCheck check = new AdoptionCheck(canAdopt);
        for (Unstructured child : candidates) {
            try {
                if (claim(owner, matches, child, check)) {
                    claimed.add(child);
                }
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        SyncErrors.throwIfAny(errors);
        return claimed;
    }

    private boolean claim(Unstructured owner, Predicate<Unstructured> matches, Unstructured child,
                          AdoptionCheck check) {
        Optional<JsonNode> controller = OwnerReferences.controllerOf(child);
        if (controller.isPresent()) {
            if (!OwnerReferences.uid(controller.get()).equals(owner.uid())) {
                return false;
            }
            if (matches.test(child)) {
                return true;
            }
            // An owner being deleted keeps its children, for the garbage collector to find.
            if (!owner.isBeingDeleted()) {
                ignoreNotFound(() -> writes.release(owner, child));
            }
            return false;
        }
        if (owner.isBeingDeleted() || !matches.test(child) || child.isBeingDeleted()
                || !child.namespace().equals(owner.namespace())) {
            return false;
        }
        check.run(child);
        return ignoreNotFound(() -> writes.adopt(owner, child));
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

    /** Upstream's CanAdopt: the fresh read of the owner happens at most once per sync. */
    private final class AdoptionCheck {
        private final Runnable canAdopt;
        private RuntimeException refusal;
        private boolean done;

        AdoptionCheck(Runnable canAdopt) {
            this.canAdopt = canAdopt;
        }

        void run(Unstructured child) {
            if (!done) {
                done = true;
                try {
                    canAdopt.run();
                } catch (RuntimeException e) {
                    refusal = e;
                }
            }
            if (refusal != null) {
                throw new IllegalStateException("can't adopt " + childKind + " " + child.namespace() + "/"
                        + child.name() + " (" + child.uid() + "): " + refusal.getMessage(), refusal);
            }
        }
    }
}
