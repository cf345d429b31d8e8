package dev.ordinal.controller;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.machinery.pod.PodConditions;

/**
 * How a workload controller follows the pods it may own, as upstream's StatefulSet and ReplicaSet
 * controllers both do in their {@code addPod}, {@code updatePod} and {@code deletePod}: a pod's
 * change queues the object its controller reference names, when that exists with that UID; an
 * orphan's queues every object of the kind whose selector matches it, which may adopt it. A pod
 * that has just become Ready queues its owner again once {@code minReadySeconds} have passed on the
 * simulated clock, when it counts as available.
 */
public final class ControlledPodEvents implements ResourceEventHandler {

    private final OwnerReferences.Kind kind;
    private final SharedIndexInformer owners;
    private final Function<Unstructured, LabelSelector> selector;
    private final ToIntFunction<Unstructured> minReadySeconds;
    private final WorkQueue queue;
    private final SimulatedClock clock;

    /**
     * @param selector        an owner's selector; may throw {@link InvalidSelectorException}, and
     *                        such an owner adopts nothing
     * @param minReadySeconds an owner's {@code spec.minReadySeconds}
     */
    public ControlledPodEvents(OwnerReferences.Kind kind, SharedIndexInformer owners,
                               Function<Unstructured, LabelSelector> selector,
                               ToIntFunction<Unstructured> minReadySeconds, WorkQueue queue, SimulatedClock clock) {
        this.kind = kind;
        this.owners = owners;
        this.selector = selector;
        this.minReadySeconds = minReadySeconds;
        this.queue = queue;
        this.clock = clock;
    }

    /** The queue's key of an owner. */
    public static String key(Unstructured owner) {
        return owner.namespace() + "/" + owner.name();
    }

    /** A new pod syncs its controller, or for an orphan every owner that might adopt it. */
    @Override
    public void onAdd(Unstructured pod, boolean isInInitialList) {
        if (pod.isBeingDeleted()) {
            onDelete(pod);
            return;
        }
        Optional<JsonNode> controllerRef = OwnerReferences.controllerOf(pod);
        if (controllerRef.isPresent()) {
            resolveControllerRef(pod.namespace(), controllerRef.get()).ifPresent(this::enqueue);
            return;
        }
        ownersFor(pod).forEach(this::enqueue);
    }

    /**
     * A changed pod syncs its old and new controllers, or for an orphan whose labels or owner
     * changed every owner that might adopt it.
     */
    @Override
    public void onUpdate(Unstructured old, Unstructured current) {
        if (current.resourceVersion().equals(old.resourceVersion())) {
            return;
        }
        boolean labelsChanged = !current.labels().equals(old.labels());
        Optional<JsonNode> currentRef = OwnerReferences.controllerOf(current);
        Optional<JsonNode> oldRef = OwnerReferences.controllerOf(old);
        boolean controllerChanged = !Objects.equals(currentRef, oldRef);
        if (controllerChanged && oldRef.isPresent()) {
            resolveControllerRef(old.namespace(), oldRef.get()).ifPresent(this::enqueue);
        }
        if (currentRef.isPresent()) {
            Optional<Unstructured> owner = resolveControllerRef(current.namespace(), currentRef.get());
            if (owner.isEmpty()) {
                return;
            }
            enqueue(owner.get());
            int minReady = minReadySeconds.applyAsInt(owner.get());
            if (!PodConditions.isReady(old) && PodConditions.isReady(current) && minReady > 0) {
                // A second more than minReadySeconds, so the pod is past it when the sync looks.
                long after = clock.wallMillisUntil(Duration.ofSeconds(minReady + 1));
                if (after > 0) {
                    queue.addAfter(key(owner.get()), after);
                }
            }
            return;
        }
        if (labelsChanged || controllerChanged) {
            ownersFor(current).forEach(this::enqueue);
        }
    }

    /** A deleted pod syncs its controller; nobody cares about deleted orphans. */
    @Override
    public void onDelete(Object pod) {
        Unstructured last = DeletedFinalStateUnknown.lastKnown(pod);
        OwnerReferences.controllerOf(last)
                .flatMap(ref -> resolveControllerRef(last.namespace(), ref))
                .ifPresent(this::enqueue);
    }

    /** The owner a controller reference names, if it is of this kind and exists with that UID. */
    private Optional<Unstructured> resolveControllerRef(String namespace, JsonNode ref) {
        if (!kind.kind().equals(ref.path("kind").asString(""))) {
            return Optional.empty();
        }
        return owners.get(namespace, ref.path("name").asString(""))
                .filter(owner -> owner.uid().equals(OwnerReferences.uid(ref)));
    }

    /** The owners in the pod's namespace whose non-empty selector matches its labels. */
    private List<Unstructured> ownersFor(Unstructured pod) {
        if (pod.labels().isEmpty()) {
            return List.of();
        }
        return owners.list(pod.namespace()).stream().filter(owner -> {
            try {
                LabelSelector ownerSelector = selector.apply(owner);
                return !ownerSelector.isEmpty() && ownerSelector.matches(pod.labels());
            } catch (InvalidSelectorException e) {
                return false;
            }
        }).toList();
    }

    private void enqueue(Unstructured owner) {
        queue.add(key(owner));
    }
}
