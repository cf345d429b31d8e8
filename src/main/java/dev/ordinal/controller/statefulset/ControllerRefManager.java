package dev.ordinal.controller.statefulset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.SyncErrors;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;

/**
 * Decides which pods a StatefulSet manages and fixes their controller references (upstream
 * PodControllerRefManager.ClaimPods with the statefulset controller's member filter): a pod the
 * selector matches whose name parses to the set is claimed, an orphan one adopted; a pod the set
 * controls that no longer qualifies is released; pods of other controllers are left alone.
 */
final class ControllerRefManager {

    private final StatefulPodObjects objects;

    ControllerRefManager(StatefulPodObjects objects) {
        this.objects = objects;
    }

    /**
     * The pods of {@code candidates} the set manages, after adopting and releasing.
     *
     * @param canAdopt checked once before the first adoption; throws when the set may not adopt,
     *                 e.g. it is being deleted
     */
    List<Unstructured> claimPods(Unstructured set, List<Unstructured> candidates, Runnable canAdopt) {
        LabelSelector selector = StatefulSetSpec.selector(set);
        AdoptionCheck check = new AdoptionCheck(canAdopt);
        List<Unstructured> claimed = new ArrayList<>();
        List<RuntimeException> errors = new ArrayList<>();
        for (Unstructured pod : candidates) {
            try {
                if (claim(set, pod, () -> selector.matches(pod.labels()) && PodIdentity.isMemberOf(set, pod), check)) {
                    claimed.add(pod);
                }
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        SyncErrors.throwIfAny(errors);
        return claimed;
    }

    /**
     * Upstream's ClaimObject. {@code matches} is asked only for pods this set controls or no one
     * does, as upstream's match function is: a namespace's pods are mostly other sets', and
     * reading every one's labels on every sync is what would cost.
     */
    private boolean claim(Unstructured set, Unstructured pod, BooleanSupplier matches, AdoptionCheck check) {
        Optional<JsonNode> controller = OwnerReferences.controllerOf(pod);
        if (controller.isPresent()) {
            if (!OwnerReferences.uid(controller.get()).equals(set.uid())) {
                return false;
            }
            if (matches.getAsBoolean()) {
                return true;
            }
            // A set being deleted keeps its pods so that the garbage collector finds them.
            if (!set.isBeingDeleted()) {
                ignoreNotFound(() -> objects.releasePod(set, pod));
            }
            return false;
        }
        if (set.isBeingDeleted() || !matches.getAsBoolean() || pod.isBeingDeleted() || !pod.namespace().equals(set.namespace())) {
            return false;
        }
        check.run(pod);
        return ignoreNotFound(() -> objects.adoptPod(set, pod));
    }

    /** Runs a write; a pod gone meanwhile is no error, just not claimed. */
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

    /** Upstream's CanAdopt: the fresh read of the set happens at most once per sync. */
    private static final class AdoptionCheck {
        private final Runnable canAdopt;
        private RuntimeException refusal;
        private boolean done;

        AdoptionCheck(Runnable canAdopt) {
            this.canAdopt = canAdopt;
        }

        void run(Unstructured pod) {
            if (!done) {
                done = true;
                try {
                    canAdopt.run();
                } catch (RuntimeException e) {
                    refusal = e;
                }
            }
            if (refusal != null) {
                throw new IllegalStateException("can't adopt Pod " + pod.namespace() + "/" + pod.name() + " ("
                        + pod.uid() + "): " + refusal.getMessage(), refusal);
            }
        }
    }
}
