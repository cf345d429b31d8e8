package dev.ordinal.controller.gc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.gc.DependencyGraph.Node;
import dev.ordinal.controller.gc.GarbageCollection.ClassifiedOwner;
import dev.ordinal.controller.gc.GarbageCollection.Decision;
import dev.ordinal.controller.gc.GarbageCollection.Delete;
import dev.ordinal.controller.gc.GarbageCollection.RemoveOwnerReferences;
import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.ResourceEventHandlerRegistration;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.DeletionFinalizers;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Deletes objects whose owners are gone and carries out Background, Foreground and Orphan
 * deletion, as upstream's garbage collector ({@code pkg/controller/garbagecollector}) does. It
 * watches every served kind, keeps a {@link DependencyGraph} from the ownerReferences it sees and
 * queues objects whose owners may have changed; each reconcile reads the live objects again, so
 * a lagging informer never gets a dependent deleted whose owner exists.
 */
@Component
class GarbageCollector {

    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);
    /** How soon to look again at an owner whose graph was not yet current. */
    private static final long GRAPH_CATCH_UP_MILLIS = 10;

    private final GenericRegistry registry;
    private final ResourceRegistry resources;
    private final SharedInformerFactory informerFactory;
    private final Map<GroupResource, SharedIndexInformer> informers = new ConcurrentHashMap<>();

    private final DependencyGraph graph = new DependencyGraph();
    private final WorkQueue queue = new WorkQueue("garbagecollector");
    private final ControllerLoop loop;

    GarbageCollector(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informerFactory) {
        this.registry = registry;
        this.resources = resources;
        this.informerFactory = informerFactory;
        this.loop = new ControllerLoop("garbagecollector", queue, this::reconcile, 2);
    }

    @PostConstruct
    void start() {
        List<ResourceEventHandlerRegistration> registrations = new ArrayList<>();
        for (GroupResource resource : resources.resources()) {
            registrations.add(follow(resource, informerFactory.informerFor(resource)));
        }
        // Kinds served later (custom resources) join the graph as they come, as upstream's
        // GraphBuilder adds monitors when discovery changes.
        resources.addListener((added, removed) -> {
            added.forEach(definition -> {
                GroupResource resource = definition.groupResource();
                if (!informers.containsKey(resource)) {
                    follow(resource, informerFactory.startedInformerFor(resource));
                }
            });
            // A kind no longer served in any version stops being watched, as upstream's
            // GraphBuilder stops the monitors of resources discovery no longer lists.
            removed.stream().map(ResourceDefinition::groupResource).distinct()
                    .filter(resource -> resources.find(resource).isEmpty())
                    .forEach(resource -> {
                        informers.remove(resource);
                        informerFactory.remove(resource);
                    });
        });
        // The graph must hold every object before an attempt to delete reads it for dependents.
        loop.start(registrations.toArray(ResourceEventHandlerRegistration[]::new));
    }

    /** Keeps the graph current with one resource's objects. */
    private synchronized ResourceEventHandlerRegistration follow(GroupResource resource, SharedIndexInformer informer) {
        ResourceEventHandlerRegistration registration = informer.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured object, boolean isInInitialList) {
                observe(resource, object);
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                if (!old.uid().equals(current.uid())) {
                    // A relist found another object under the name: the old one is gone.
                    forget(old);
                }
                observe(resource, current);
            }

            @Override
            public void onDelete(Object object) {
                forget(DeletedFinalStateUnknown.lastKnown(object));
            }
        });
        informers.put(resource, informer);
        return registration;
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    /** Looks at every object with owners, or waiting on its dependents, again: the safety net. */
    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        informers.forEach((resource, informer) -> informer.list().forEach(object -> {
            if (!OwnerReference.of(object).isEmpty() || GarbageCollection.orphaningDependents(object)
                    || GarbageCollection.deletingDependents(object)) {
                queue.add(ObjectRef.of(resource, object).key());
            }
        }));
    }

    /** Takes a deleted object out of the graph and queues whatever that may concern. */
    private void forget(Unstructured object) {
        String uid = object.uid();
        graph.remove(uid);
        // Dependents may have lost their last owner; owners deleting in the foreground may be done.
        graph.dependents(uid).forEach(this::enqueue);
        OwnerReference.of(object).forEach(owner -> graph.node(owner.uid()).ifPresent(this::enqueue));
    }

    /** Keeps the graph current and queues whatever a change may concern, as upstream's GraphBuilder. */
    private void observe(GroupResource resource, Unstructured object) {
        String uid = object.uid();
        Node node = new Node(ObjectRef.of(resource, object), uid, OwnerReference.of(object),
                GarbageCollection.deletingDependents(object));
        Optional<Node> previous = graph.put(node);
        boolean ownersChanged = previous.map(p -> !p.owners().equals(node.owners())).orElse(true);
        if (ownersChanged && !node.owners().isEmpty()) {
            enqueue(node);
        }
        if (ownersChanged && previous.isPresent()) {
            // A reference dropped or made non-blocking may be what an owner deleted in the foreground waits for.
            previous.get().owners().forEach(owner -> graph.node(owner.uid()).ifPresent(this::enqueue));
        }
        if (node.deletingDependents() || GarbageCollection.orphaningDependents(object)) {
            enqueue(node);
        }
        if (node.deletingDependents() && !previous.map(Node::deletingDependents).orElse(false)) {
            graph.dependents(uid).forEach(this::enqueue);
        }
    }

    private void enqueue(Node node) {
        queue.add(node.ref().key());
    }

    long reconcile(String key) {
        ObjectRef ref = ObjectRef.parse(key);
        ResourceDefinition definition = resources.get(ref.resource());
        Unstructured item = registry.find(definition, ref.namespace(), ref.name()).orElse(null);
        if (item == null) {
            return 0;
        }
        if (GarbageCollection.orphaningDependents(item)) {
            orphanDependents(ref, item);
            return 0;
        }
        if (GarbageCollection.deletingDependents(item)) {
            return processDeletingDependents(ref, item);
        }
        if (item.isBeingDeleted()) {
            // A one-way trip: its dependents are looked at once it is gone.
            return 0;
        }
        List<ClassifiedOwner> owners = new ArrayList<>();
        for (OwnerReference owner : OwnerReference.of(item)) {
            Optional<ResourceDefinition> ownerDefinition = definitionOf(owner);
            if (ownerDefinition.isEmpty() || ownerDefinition.get().namespaced() && ref.namespace().isEmpty()) {
                // Unknown kinds and namespaced owners of cluster-scoped objects cannot be looked up.
                log.debug("{}: owner {} {} cannot be resolved", key, owner.apiVersion(), owner.kind());
                return 0;
            }
            ResourceDefinition found = ownerDefinition.get();
            Optional<Unstructured> live = registry.find(found, found.namespaced() ? ref.namespace() : "", owner.name());
            owners.add(new ClassifiedOwner(owner, GarbageCollection.classify(owner, live)));
        }
        Decision decision = GarbageCollection.attemptToDelete(item, owners, graph.dependents(item.uid()));
        log.debug("{}: {}", key, decision);
        if (decision instanceof RemoveOwnerReferences remove) {
            patch(ref, item.uid(), current -> withoutOwnerReferences(current, remove.ownerUids()));
        } else if (decision instanceof Delete delete) {
            delete(ref, item, delete);
        }
        return 0;
    }

    /** Removes the owner's reference from every dependent, then the orphan finalizer (upstream's attemptToOrphan). */
    private void orphanDependents(ObjectRef ref, Unstructured owner) {
        for (Node dependent : graph.dependents(owner.uid())) {
            patch(dependent.ref(), dependent.uid(), current -> withoutOwnerReferences(current, Set.of(owner.uid())));
        }
        patch(ref, owner.uid(), current -> withoutFinalizer(current, DeletionFinalizers.ORPHAN));
    }

    /**
     * Lets a foreground deletion finish once no dependent blocks it, or pushes the blocking ones
     * along; returns when to look again, if the graph may not show every dependent yet.
     */
    private long processDeletingDependents(ObjectRef ref, Unstructured owner) {
        List<Node> blocking = GarbageCollection.blockingDependents(owner.uid(), graph.dependents(owner.uid()));
        if (blocking.isEmpty()) {
            if (!graphCurrentAt(Long.parseLong(owner.resourceVersion()))) {
                // A dependent made before the owner's deletion may still be on its way through
                // another resource's informer: "no dependents" is only true once the graph holds it.
                return GRAPH_CATCH_UP_MILLIS;
            }
            patch(ref, owner.uid(), current -> withoutFinalizer(current, DeletionFinalizers.FOREGROUND_DELETION));
            return 0;
        }
        blocking.stream().filter(dependent -> !dependent.deletingDependents()).forEach(this::enqueue);
        return 0;
    }

    /** Whether every informer feeding the graph has handed over each change up to {@code resourceVersion}. */
    private boolean graphCurrentAt(long resourceVersion) {
        return informers.values().stream().allMatch(informer -> informer.hasDispatchedThrough(resourceVersion));
    }

    private void delete(ObjectRef ref, Unstructured item, Delete delete) {
        String resourceVersion = item.resourceVersion();
        if (delete.unblockOwnerReferences()) {
            resourceVersion = patch(ref, item.uid(), GarbageCollector::withUnblockedOwnerReferences)
                    .map(Unstructured::resourceVersion).orElse("");
        }
        ResourceDefinition definition = resources.get(ref.resource());
        try {
            // The preconditions make sure the owners just classified are the ones the object still has.
            registry.delete(definition, ref.namespace(), ref.name(),
                    new DeleteOptions(null, delete.propagationPolicy(), item.uid(), resourceVersion, false));
        } catch (StatusError e) {
            if (e.code() == 404) {
                return;
            }
            if (e.code() != 409 || !sameOwners(definition, ref, item)) {
                throw e;
            }
            // As upstream, a change that left the owner references alone (a status write, say)
            // does not stop the deletion.
            deleteQuietly(definition, ref, new DeleteOptions(null, delete.propagationPolicy(), item.uid(), "", false));
        }
    }

    private boolean sameOwners(ResourceDefinition definition, ObjectRef ref, Unstructured item) {
        return registry.find(definition, ref.namespace(), ref.name())
                .filter(live -> live.uid().equals(item.uid()))
                .filter(live -> OwnerReference.of(live).equals(OwnerReference.of(item)))
                .isPresent();
    }

    private void deleteQuietly(ResourceDefinition definition, ObjectRef ref, DeleteOptions options) {
        try {
            registry.delete(definition, ref.namespace(), ref.name(), options);
        } catch (StatusError e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** Applies {@code change} to the object if it is still the one with {@code uid}; a gone object is fine. */
    private Optional<Unstructured> patch(ObjectRef ref, String uid, UnaryOperator<Unstructured> change) {
        try {
            return Optional.of(registry.patch(resources.get(ref.resource()), ref.namespace(), ref.name(),
                    current -> current.uid().equals(uid) ? change.apply(current) : current, null,
                    WriteOptions.defaults()));
        } catch (StatusError e) {
            if (e.code() != 404) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private Optional<ResourceDefinition> definitionOf(OwnerReference owner) {
        return resources.all().stream()
                .filter(d -> d.group().equals(owner.group()) && d.kind().equals(owner.kind()))
                .findFirst();
    }

    private static Unstructured withoutOwnerReferences(Unstructured object, Set<String> ownerUids) {
        ObjectNode metadata = object.metadata();
        ArrayNode kept = metadata.arrayNode();
        for (JsonNode reference : metadata.path("ownerReferences")) {
            if (!ownerUids.contains(reference.path("uid").asString(""))) {
                kept.add(reference);
            }
        }
        if (kept.isEmpty()) {
            metadata.remove("ownerReferences");
        } else {
            metadata.set("ownerReferences", kept);
        }
        return object;
    }

    private static Unstructured withUnblockedOwnerReferences(Unstructured object) {
        for (JsonNode reference : object.metadata().path("ownerReferences")) {
            if (reference.path("blockOwnerDeletion").asBoolean(false)) {
                ((ObjectNode) reference).put("blockOwnerDeletion", false);
            }
        }
        return object;
    }

    private static Unstructured withoutFinalizer(Unstructured object, String finalizer) {
        ObjectNode metadata = object.metadata();
        ArrayNode kept = metadata.arrayNode();
        object.finalizers().stream().filter(f -> !f.equals(finalizer)).forEach(kept::add);
        if (kept.isEmpty()) {
            metadata.remove("finalizers");
        } else {
            metadata.set("finalizers", kept);
        }
        return object;
    }
}
