package dev.ordinal.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.SimpleNameGenerator;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.registry.admission.AdmissionChain;
import dev.ordinal.registry.admission.Operation;
import dev.ordinal.registry.fieldmanager.FieldManager;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Strategy;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.security.UserInfo;
import dev.ordinal.registry.selection.Selection;
import dev.ordinal.registry.watch.SelectionFilter;
import dev.ordinal.storage.ObjectStore;

/**
 * The generic registry: create, read, update, patch and delete for every kind, with the metadata
 * rules of upstream's {@code registry/generic/registry.Store} and {@code rest.BeforeCreate} /
 * {@code BeforeUpdate}, and the kind's {@link Strategy} for the rest. Users (through the API) and
 * controllers write through here alike, so defaulting, admission (the {@link AdmissionChain}:
 * mutating plugins before the strategy, validating ones after its validation), validation,
 * resourceVersion checks, watch events and {@code metadata.managedFields} (kept by the
 * {@link FieldManager}) apply to both. Reads, lists and watches ({@link RegistryWatch}) are served
 * here too, so the API layer never reaches storage.
 */
public final class GenericRegistry {

    private static final String NOT_OLDER_THAN = "NotOlderThan";
    private static final String EXACT = "Exact";
    /** How long a watch from a resourceVersion the store has not reached waits for it: upstream's 3 s. */
    private static final Duration FRESHNESS_WAIT = Duration.ofSeconds(3);
    private static final long FRESHNESS_POLL_MILLIS = 20;

    private final ObjectStore store;
    private final Clock clock;
    private final FieldManager fieldManager;
    private final AdmissionChain admission;
    private final Map<GroupResource, Allocator> allocators;

    public GenericRegistry(ObjectStore store, Clock clock, List<Allocator> allocators, FieldManager fieldManager,
                           AdmissionChain admission) {
        this.store = store;
        this.clock = clock;
        this.allocators = allocators.stream().collect(Collectors.toMap(Allocator::resource, Function.identity()));
        this.fieldManager = fieldManager;
        this.admission = admission;
    }

    public Clock clock() {
        return clock;
    }

    public String now() {
        return Timestamps.format(clock.instant());
    }

    public Unstructured get(ResourceDefinition definition, String namespace, String name) {
        return store.get(definition.groupResource(), scope(definition, namespace), name)
                .map(stored -> ServedVersion.of(definition, stored))
                .orElseThrow(() -> StatusError.notFound(definition.groupResource(), name));
    }

    /**
     * The object's JSON as it was committed, for a GET to answer as it is: as upstream's watch
     * cache serves an object encoded once, not decoded and encoded again per request (unless it is
     * stored in another version than the request's).
     */
    public byte[] committedJson(ResourceDefinition definition, String namespace, String name) {
        return ServedVersion.json(definition, store.getCommitted(definition.groupResource(),
                scope(definition, namespace), name).orElseThrow(() -> StatusError.notFound(definition.groupResource(), name)));
    }

    public java.util.Optional<Unstructured> find(ResourceDefinition definition, String namespace, String name) {
        return store.get(definition.groupResource(), scope(definition, namespace), name)
                .map(stored -> ServedVersion.of(definition, stored));
    }

    /**
     * Lists with selectors and paging; see {@link ListPage}. The store holds only its current state,
     * so the list is read at the current resourceVersion: a resourceVersion the store has not
     * reached is waited for as a watch's is ({@link #awaitRevision}, upstream's watch cache serving
     * NotOlderThan), and answered at once under {@code Exact}, as etcd answers a read at a future
     * revision; an older one under {@code Exact} is gone, as etcd's compacted revisions are.
     */
    public ListPage list(ResourceDefinition definition, String namespace, ListOptions options) {
        Selection selection = Selection.of(definition, options.labelSelector(), options.fieldSelector());
        checkListOptions(options);
        long requested = ResourceVersions.parse(options.resourceVersion());
        if (options.resourceVersionMatch().equals(EXACT)) {
            long current = store.currentRevision();
            if (requested > current) {
                throw StatusError.tooLargeResourceVersion(requested, current, 0);
            }
            if (requested < current) {
                throw StatusError.expired("The resourceVersion for the provided list is too old.");
            }
        } else {
            awaitRevision(requested);
        }
        return ListPage.of(store, definition, scopeOrAll(definition, namespace), selection, options);
    }

    /** Upstream's ValidateListOptions for a list's resourceVersionMatch. */
    private static void checkListOptions(ListOptions options) {
        String match = options.resourceVersionMatch();
        if (match.isEmpty()) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        if (options.resourceVersion().isEmpty()) {
            errors.add(FieldError.forbidden("resourceVersionMatch",
                    "resourceVersionMatch is forbidden unless resourceVersion is provided"));
        }
        if (!options.continueToken().isEmpty()) {
            errors.add(FieldError.forbidden("resourceVersionMatch",
                    "resourceVersionMatch is forbidden when continue is provided"));
        }
        if (!match.equals(EXACT) && !match.equals(NOT_OLDER_THAN)) {
            errors.add(FieldError.notSupported("resourceVersionMatch", match, List.of(EXACT, NOT_OLDER_THAN, "")));
        }
        if (match.equals(EXACT) && options.resourceVersion().equals("0")) {
            errors.add(FieldError.forbidden("resourceVersionMatch",
                    "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
        }
        if (!errors.isEmpty()) {
            throw StatusError.invalid("meta.k8s.io", "ListOptions", "", errors);
        }
    }

    /**
     * Prepares a watch (see {@link RegistryWatch}): selectors, resourceVersion and the watch-list
     * options are checked here, so a bad request is refused before any event is sent.
     */
    public RegistryWatch watch(ResourceDefinition definition, String namespace, WatchOptions options) {
        Selection selection = Selection.of(definition, options.labelSelector(), options.fieldSelector());
        long from = ResourceVersions.parse(options.resourceVersion());
        checkWatchList(options);
        awaitRevision(from);
        return new RegistryWatch(store, definition, scopeOrAll(definition, namespace), new SelectionFilter(selection),
                from, options);
    }

    /**
     * Waits, for at most {@link #FRESHNESS_WAIT}, for the store to reach a resourceVersion a client
     * asks to list at or start watching from, as upstream's watch cache waits (its
     * waitUntilFreshAndBlock) before it answers that it has not: a list is never older than what
     * the client asked for, and a watch never starts from a point the store has not reached, which
     * would replay changes older than that. The answer asks the client to retry after a second.
     */
    private void awaitRevision(long resourceVersion) {
        if (resourceVersion <= store.currentRevision()) {
            return;
        }
        long deadline = System.nanoTime() + FRESHNESS_WAIT.toNanos();
        long current = currentRevision();
        while (current < resourceVersion) {
            if (System.nanoTime() >= deadline) {
                throw StatusError.tooLargeResourceVersion(resourceVersion, current, 1);
            }
            try {
                Thread.sleep(FRESHNESS_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw StatusError.tooLargeResourceVersion(resourceVersion, current, 1);
            }
            current = currentRevision();
        }
    }

    private long currentRevision() {
        long[] revision = new long[1];
        store.atCurrentRevision(current -> revision[0] = current);
        return revision[0];
    }

    /** Upstream's validation of a watch's resourceVersionMatch and sendInitialEvents. */
    private static void checkWatchList(WatchOptions options) {
        List<FieldError> errors = new ArrayList<>();
        String match = options.resourceVersionMatch();
        if (options.sendInitialEvents() != null && !match.equals(NOT_OLDER_THAN)) {
            errors.add(FieldError.forbidden("resourceVersionMatch",
                    "sendInitialEvents requires setting resourceVersionMatch to " + NOT_OLDER_THAN));
        }
        if (!match.isEmpty()) {
            if (options.sendInitialEvents() == null) {
                errors.add(FieldError.forbidden("resourceVersionMatch",
                        "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }
            if (!match.equals(NOT_OLDER_THAN)) {
                errors.add(FieldError.notSupported("resourceVersionMatch", match, List.of(NOT_OLDER_THAN)));
            }
        }
        if (!errors.isEmpty()) {
            throw StatusError.invalid("meta.k8s.io", "ListOptions", "", errors);
        }
    }

    public Unstructured create(ResourceDefinition definition, String namespace, Unstructured object,
                               WriteOptions options) {
        return create(definition, namespace, object, options, true);
    }

    /** {@code trackUpdate} false: the object's managedFields were already set by an apply. */
    private Unstructured create(ResourceDefinition definition, String namespace, Unstructured object,
                                WriteOptions options, boolean trackUpdate) {
        GroupResource resource = definition.groupResource();
        checkTypeMeta(definition, object);
        String ns = namespaceOf(definition, namespace, object);
        object.setMeta("namespace", ns);
        ObjectMetaRules.clearSystemFieldsForCreate(object);
        ObjectMetaRules.dropEmptyCollections(object);
        if (!object.resourceVersion().isEmpty()) {
            throw StatusError.badRequest("resourceVersion should not be set on objects to be created");
        }
        if (object.name().isEmpty() && !object.generateName().isEmpty()) {
            object.setMeta("name", SimpleNameGenerator.generate(object.generateName()));
        }
        object.setMeta("uid", UUID.randomUUID().toString());
        object.setMeta("creationTimestamp", now());
        if (definition.strategy().tracksGeneration()) {
            object.setGeneration(1);
        }
        Strategy strategy = definition.strategy();
        if (definition.has(Subresource.STATUS) && strategy.resetsStatusOnCreate()) {
            object.json().remove("status");
        }
        strategy.applyDefaults(object);
        if (trackUpdate) {
            fieldManager.update(definition, null, object, null, options.fieldManager());
        }
        AdmissionAttributes attributes = new AdmissionAttributes(Operation.CREATE, definition, "", ns, object.name(),
                object, null, options.dryRun(), options.user());
        admission.admit(attributes);
        try (Allocator.Allocation allocation = allocate(definition, a -> a.allocateCreate(object))) {
            strategy.prepareForCreate(object);
            List<FieldError> errors = new ArrayList<>(ObjectMetaRules.validate(definition, object));
            if (errors.isEmpty()) {
                errors.addAll(strategy.validate(object));
            }
            if (!errors.isEmpty()) {
                throw StatusError.invalid(definition.group(), definition.kind(), displayName(object), errors);
            }
            admission.validate(attributes);
            return ServedVersion.of(definition,
                    store.create(resource, ServedVersion.inStorageVersion(definition, object), options.dryRun()));
        }
    }

    /**
     * Admits a CONNECT request (exec, attach) before it connects, as upstream's connect handler:
     * the mutating and validating admission of the chain, with the request's options object
     * ({@code PodExecOptions}, ...) as the object and no old object.
     */
    public void admitConnect(ResourceDefinition definition, String subresource, String namespace, String name,
                             Unstructured options, UserInfo user) {
        AdmissionAttributes attributes = new AdmissionAttributes(Operation.CONNECT, definition, subresource,
                scope(definition, namespace), name, options, null, false, user);
        admission.admit(attributes);
        admission.validate(attributes);
    }

    /** Replaces an object (PUT) through the main resource or the status subresource. */
    public Unstructured update(ResourceDefinition definition, String namespace, String name, Unstructured object,
                               Subresource subresource, WriteOptions options) {
        checkTypeMeta(definition, object);
        String ns = scope(definition, namespace);
        if (!object.name().isEmpty() && !object.name().equals(name)) {
            throw StatusError.badRequest("the name of the object (" + object.name()
                    + ") does not match the name on the URL (" + name + ")");
        }
        if (definition.namespaced() && !object.namespace().isEmpty() && !object.namespace().equals(ns)) {
            throw StatusError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        return write(definition, ns, name, current -> {
            String expected = object.resourceVersion();
            if (!expected.isEmpty() && !expected.equals(current.resourceVersion())) {
                throw StatusError.modified(definition.groupResource(), name);
            }
            return object;
        }, subresource, options, true);
    }

    /**
     * Applies {@code patch} to the current object and stores the result as an update. A patch
     * that carries metadata.resourceVersion is a precondition, as upstream's patcher treats it.
     */
    public Unstructured patch(ResourceDefinition definition, String namespace, String name,
                              UnaryOperator<Unstructured> patch, Subresource subresource, WriteOptions options) {
        return write(definition, scope(definition, namespace), name, current -> {
            Unstructured patched = patch.apply(current.deepCopy());
            String expected = patched.resourceVersion();
            if (!expected.isEmpty() && !expected.equals(current.resourceVersion())) {
                throw StatusError.modified(definition.groupResource(), name);
            }
            checkName(patched, name);
            return patched;
        }, subresource, options, true);
    }

    /** What a server-side apply stored, and whether it created the object. */
    public record Applied(Unstructured object, boolean created) {
    }

    /**
     * Server-side apply: merges {@code config} into the object for {@code options.fieldManager()}
     * (see {@link FieldManager#apply}), creating the object when there is none, as upstream's
     * patch handler does for {@code application/apply-patch+yaml}.
     */
    public Applied apply(ResourceDefinition definition, String namespace, String name, Unstructured config,
                         Subresource subresource, boolean force, WriteOptions options) {
        String ns = scope(definition, namespace);
        String manager = options.fieldManager();
        if (subresource == null && find(definition, ns, name).isEmpty()) {
            Unstructured created = fieldManager.apply(definition, null, config, null, manager, force);
            checkName(created, name);
            return new Applied(create(definition, namespace, created, options, false), true);
        }
        return new Applied(write(definition, ns, name, current -> {
            Unstructured applied = fieldManager.apply(definition, current, config, subresource, manager, force);
            String expected = applied.resourceVersion();
            if (!expected.isEmpty() && !expected.equals(current.resourceVersion())) {
                throw StatusError.modified(definition.groupResource(), name);
            }
            checkName(applied, name);
            return applied;
        }, subresource, options, false), false);
    }

    private static void checkName(Unstructured object, String name) {
        if (!Objects.equals(object.name(), name)) {
            throw StatusError.badRequest("the name of the object (" + object.name()
                    + ") does not match the name on the URL (" + name + ")");
        }
    }

    /**
     * {@code trackUpdate}: record the write in managedFields as an update by the options' field
     * manager; false when {@code proposed} is an apply, which set them itself.
     */
    private Unstructured write(ResourceDefinition definition, String ns, String name,
                               UnaryOperator<Unstructured> proposed, Subresource subresource, WriteOptions options,
                               boolean trackUpdate) {
        List<Allocator.Allocation> allocations = new ArrayList<>(1);
        try {
            return update(definition, ns, name, proposed, subresource, options, trackUpdate, allocations);
        } finally {
            allocations.forEach(Allocator.Allocation::close);
        }
    }

    /**
     * Upstream's GuaranteedUpdate: the update is worked out on a copy of the object as last read,
     * outside the store's write lock (admission may call webhooks for seconds, and they may read
     * or write through this server meanwhile), and stored only if nobody changed the object since;
     * otherwise it is worked out again on what they stored.
     */
    private Unstructured update(ResourceDefinition definition, String ns, String name,
                                UnaryOperator<Unstructured> proposed, Subresource subresource, WriteOptions options,
                                boolean trackUpdate, List<Allocator.Allocation> allocations) {
        GroupResource resource = definition.groupResource();
        while (true) {
            Unstructured read = get(definition, ns, name);
            String readVersion = read.resourceVersion();
            Unstructured next = prepareUpdate(definition, ns, name, proposed, subresource, options, trackUpdate,
                    allocations, read);
            Unstructured stored = ServedVersion.inStorageVersion(definition, next);
            try {
                return ServedVersion.of(definition, store.update(resource, ns, name, live -> {
                    if (!live.resourceVersion().equals(readVersion)) {
                        throw new ChangedSinceRead();
                    }
                    return stored;
                }, live -> deletionComplete(definition, live), options.dryRun()));
            } catch (ChangedSinceRead e) {
                allocations.forEach(Allocator.Allocation::close);
                allocations.clear();
            }
        }
    }

    /** The object changed between an update's read and its write: the update is worked out again. */
    private static final class ChangedSinceRead extends RuntimeException {
        ChangedSinceRead() {
            super(null, null, false, false);
        }
    }

    private Unstructured prepareUpdate(ResourceDefinition definition, String ns, String name,
                                       UnaryOperator<Unstructured> proposed, Subresource subresource,
                                       WriteOptions options, boolean trackUpdate,
                                       List<Allocator.Allocation> allocations, Unstructured current) {
        Strategy strategy = definition.strategy();
        Unstructured old = current.deepCopy();
        Unstructured updated = proposed.apply(current);
        checkTypeMeta(definition, updated);
        if (subresource == Subresource.FINALIZE) {
            Unstructured finalized = old.deepCopy();
            finalized.json().withObject("spec").set("finalizers",
                    updated.json().path("spec").path("finalizers").deepCopy());
            fieldManager.update(definition, old, finalized, subresource, options.fieldManager());
            AdmissionAttributes attributes = updateAttributes(definition, subresource, finalized, old, options);
            admission.admit(attributes);
            admission.validate(attributes);
            return finalized;
        }
        if (subresource == Subresource.STATUS) {
            Unstructured statusWrite = statusOnly(old, updated);
            if (strategy.statusUpdateKeepsAnnotations()) {
                JsonFields.copy(updated.json().withObject("metadata"), statusWrite.metadata(), "annotations");
            }
            if (trackUpdate) {
                fieldManager.update(definition, old, statusWrite, subresource, options.fieldManager());
            } else {
                JsonFields.copy(updated.json().withObject("metadata"), statusWrite.metadata(), "managedFields");
            }
            AdmissionAttributes attributes = updateAttributes(definition, subresource, statusWrite, old, options);
            admission.admit(attributes);
            strategy.prepareForStatusUpdate(statusWrite, old);
            List<FieldError> errors = strategy.validateStatusUpdate(statusWrite, old);
            if (!errors.isEmpty()) {
                throw StatusError.invalid(definition.group(), definition.kind(), name, errors);
            }
            admission.validate(attributes);
            return statusWrite;
        }
        ObjectMetaRules.keepSystemFields(updated, old, ns, name);
        ObjectMetaRules.dropEmptyCollections(updated);
        if (definition.has(Subresource.STATUS)) {
            copyField(old, updated, "status");
        }
        strategy.applyDefaults(updated);
        if (trackUpdate) {
            fieldManager.update(definition, old, updated, subresource, options.fieldManager());
        }
        AdmissionAttributes attributes = updateAttributes(definition, subresource, updated, old, options);
        admission.admit(attributes);
        Unstructured allocated = updated;
        allocations.add(allocate(definition, a -> a.allocateUpdate(allocated, old)));
        strategy.prepareForUpdate(updated, old);
        List<FieldError> errors = new ArrayList<>(ObjectMetaRules.validateUpdate(definition, updated, old));
        if (errors.isEmpty()) {
            errors.addAll(strategy.validateUpdate(updated, old));
        }
        if (!errors.isEmpty()) {
            throw StatusError.invalid(definition.group(), definition.kind(), name, errors);
        }
        admission.validate(attributes);
        if (strategy.tracksGeneration() && !updated.json().path("spec").equals(old.json().path("spec"))) {
            updated.setGeneration(old.generation() + 1);
        }
        return updated;
    }

    /** An update's admission attributes; a write through scale, status or finalize names it. */
    private static AdmissionAttributes updateAttributes(ResourceDefinition definition, Subresource subresource,
                                                        Unstructured updated, Unstructured old, WriteOptions options) {
        return new AdmissionAttributes(Operation.UPDATE, definition, subresource == null ? "" : subresource.path(),
                old.namespace(), old.name(), updated, old, options.dryRun(), options.user());
    }

    private Allocator.Allocation allocate(ResourceDefinition definition,
                                          Function<Allocator, Allocator.Allocation> allocation) {
        Allocator allocator = allocators.get(definition.groupResource());
        return allocator == null ? Allocator.Allocation.NONE : allocation.apply(allocator);
    }

    /** A status write changes status only: upstream's status strategies keep spec and metadata. */
    private static Unstructured statusOnly(Unstructured old, Unstructured updated) {
        Unstructured result = old.deepCopy();
        copyField(updated, result, "status");
        return result;
    }

    private static void copyField(Unstructured from, Unstructured to, String field) {
        JsonFields.copy(from.json(), to.json(), field);
    }

    /**
     * Deletes an object. One held by finalizers (the garbage collector's among them, as the
     * propagation policy asks), or given a grace period by its strategy, is only marked
     * (deletionTimestamp set) and goes when the last finalizer is removed or its holder finishes;
     * otherwise it goes at once. Answers the object as it was last stored.
     */
    public Unstructured delete(ResourceDefinition definition, String namespace, String name, DeleteOptions options) {
        GroupResource resource = definition.groupResource();
        String ns = scope(definition, namespace);
        Unstructured current = get(definition, ns, name);
        checkPreconditions(resource, name, current, options);
        AdmissionAttributes attributes = new AdmissionAttributes(Operation.DELETE, definition, "", ns, name, null,
                current, options.dryRun(), options.user());
        admission.admit(attributes);
        admission.validate(attributes);
        long grace = definition.strategy().gracePeriodSeconds(current, options.gracePeriodSeconds());
        boolean held = holdsDeletion(definition, current)
                || !garbageCollectionFinalizers(definition, current, options).equals(current.finalizers());
        if (!held && grace == 0) {
            return ServedVersion.of(definition, store.delete(resource, ns, name,
                    live -> checkPreconditions(resource, name, live, options), options.dryRun()));
        }
        return ServedVersion.of(definition, store.update(resource, ns, name, live -> {
            checkPreconditions(resource, name, live, options);
            // As upstream, a pending grace period fixes the finalizers; otherwise the delete sets them.
            List<String> finalizers = garbageCollectionFinalizers(definition, live, options);
            boolean gracePending = live.metadata().path("deletionGracePeriodSeconds").asLong(0) > 0;
            if (!finalizers.equals(live.finalizers()) && !(live.isBeingDeleted() && gracePending)) {
                setFinalizers(live, finalizers);
            }
            if (!live.isBeingDeleted()) {
                live.setMeta("deletionTimestamp", Timestamps.format(clock.instant().plusSeconds(grace)));
                live.metadata().put("deletionGracePeriodSeconds", grace);
                definition.strategy().prepareForDelete(live);
            } else if (options.gracePeriodSeconds() != null) {
                shortenGracePeriod(live, options.gracePeriodSeconds());
            }
            return live;
        }, live -> deletionComplete(definition, live), options.dryRun()));
    }

    /**
     * A second delete of an object whose grace period runs may only shorten it, as upstream's
     * {@code rest.BeforeDelete}: the deletion timestamp moves by the difference, a negative period
     * counts as 1 s, and a period of 0 (a force delete) lets the object go unless finalizers hold it.
     */
    private static void shortenGracePeriod(Unstructured live, long requested) {
        long pending = live.metadata().path("deletionGracePeriodSeconds").asLong(0);
        long period = requested < 0 ? 1 : requested;
        if (pending <= 0 || period >= pending) {
            return;
        }
        Instant deadline = Instant.parse(live.deletionTimestamp()).minusSeconds(pending).plusSeconds(period);
        live.setMeta("deletionTimestamp", Timestamps.format(deadline));
        live.metadata().put("deletionGracePeriodSeconds", period);
    }

    private static List<String> garbageCollectionFinalizers(ResourceDefinition definition, Unstructured object,
                                                            DeleteOptions options) {
        return DeletionFinalizers.forDeletion(object.finalizers(), options.propagationPolicy(),
                definition.strategy().defaultGarbageCollectionPolicy());
    }

    private static void setFinalizers(Unstructured object, List<String> finalizers) {
        if (finalizers.isEmpty()) {
            object.metadata().remove("finalizers");
        } else {
            ArrayNode array = object.metadata().putArray("finalizers");
            finalizers.forEach(array::add);
        }
    }

    /** Deletes every object the selectors match, one by one, as upstream's DeleteCollection does. */
    public List<Unstructured> deleteCollection(ResourceDefinition definition, String namespace, ListOptions list,
                                               DeleteOptions options) {
        List<Unstructured> deleted = new ArrayList<>();
        for (Unstructured item : list(definition, namespace, list).items()) {
            try {
                deleted.add(delete(definition, item.namespace(), item.name(), options));
            } catch (StatusError e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return deleted;
    }

    /**
     * Removes an object whose deletion was waiting, once nothing holds it: called by the simulated
     * kubelet when a pod's grace period is over, as the real kubelet's final delete does. The uid
     * is a precondition, as the kubelet's, so a new object of the same name is never removed.
     */
    public void finishDeletion(ResourceDefinition definition, String namespace, String name, String uid) {
        DeleteOptions precondition = new DeleteOptions(null, "", uid, "", false);
        store.delete(definition.groupResource(), scope(definition, namespace), name,
                live -> checkPreconditions(definition.groupResource(), name, live, precondition), false);
    }

    /** An object being deleted goes once no finalizer and nothing of its kind holds it any more. */
    private static boolean deletionComplete(ResourceDefinition definition, Unstructured object) {
        return object.isBeingDeleted() && !holdsDeletion(definition, object);
    }

    private static boolean holdsDeletion(ResourceDefinition definition, Unstructured object) {
        return !object.finalizers().isEmpty() || definition.strategy().holdsDeletion(object);
    }

    private static void checkPreconditions(GroupResource resource, String name, Unstructured current,
                                           DeleteOptions options) {
        if (!options.preconditionUid().isEmpty() && !options.preconditionUid().equals(current.uid())) {
            throw StatusError.conflict(resource, name, "Precondition failed: UID in precondition: "
                    + options.preconditionUid() + ", UID in object meta: " + current.uid());
        }
        if (!options.preconditionResourceVersion().isEmpty()
                && !options.preconditionResourceVersion().equals(current.resourceVersion())) {
            throw StatusError.conflict(resource, name, "Precondition failed: ResourceVersion in precondition: "
                    + options.preconditionResourceVersion() + ", ResourceVersion in object meta: "
                    + current.resourceVersion());
        }
    }

    private static void checkTypeMeta(ResourceDefinition definition, Unstructured object) {
        String apiVersion = object.apiVersion();
        String kind = object.kind();
        if (!apiVersion.isEmpty() && !apiVersion.equals(definition.apiVersion())) {
            throw StatusError.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + definition.apiVersion() + ")");
        }
        if (!kind.isEmpty() && !kind.equals(definition.kind())) {
            throw StatusError.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
                    + definition.kind() + ")");
        }
        putTypeMetaFirst(object.json(), definition);
    }

    /** kind and apiVersion lead, as a Go server writes every object's TypeMeta before the rest. */
    private static void putTypeMetaFirst(ObjectNode json, ResourceDefinition definition) {
        java.util.Iterator<String> names = json.propertyNames().iterator();
        if (names.hasNext() && names.next().equals("kind") && names.hasNext() && names.next().equals("apiVersion")) {
            json.put("kind", definition.kind());
            json.put("apiVersion", definition.apiVersion());
            return;
        }
        ObjectNode rest = json.deepCopy();
        rest.remove(List.of("kind", "apiVersion"));
        json.removeAll();
        json.put("kind", definition.kind());
        json.put("apiVersion", definition.apiVersion());
        json.setAll(rest);
    }

    private static String namespaceOf(ResourceDefinition definition, String urlNamespace, Unstructured object) {
        if (!definition.namespaced()) {
            return "";
        }
        String bodyNamespace = object.namespace();
        if (!bodyNamespace.isEmpty() && !bodyNamespace.equals(urlNamespace)) {
            throw StatusError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        return urlNamespace;
    }

    private static String scope(ResourceDefinition definition, String namespace) {
        return definition.namespaced() ? namespace : "";
    }

    /** The namespace a list or watch reads, or null for every namespace. */
    private static String scopeOrAll(ResourceDefinition definition, String namespace) {
        return definition.namespaced() && namespace != null && !namespace.isEmpty() ? namespace : null;
    }

    private static String displayName(Unstructured object) {
        return object.name().isEmpty() ? object.generateName() : object.name();
    }
}
