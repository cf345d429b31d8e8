package dev.ordinal.controller.statefulset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.testing.ManualClock;

/**
 * Plain in-memory objects for the controller's decisions: what the API server would store for the
 * controller's writes (UIDs, resourceVersions, pods starting Pending, immediate deletion), the
 * Events it records, and a clock the test moves. Tests play kubelet by moving pods along.
 */
final class FakeCluster implements StatefulPodObjects, ControllerHistory, StatusUpdater, StatefulSetEvents {

    private static final GroupResource PODS = new GroupResource("", "pods");
    private static final GroupResource CLAIMS = new GroupResource("", "persistentvolumeclaims");
    private static final GroupResource REVISIONS = new GroupResource("apps", "controllerrevisions");

    final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    final List<String> events = new ArrayList<>();
    private final Map<String, Unstructured> sets = new TreeMap<>();
    private final Map<String, Unstructured> pods = new TreeMap<>();
    private final Map<String, Unstructured> claims = new TreeMap<>();
    private final Map<String, Unstructured> revisions = new TreeMap<>();
    private long resourceVersion;
    private int statusWrites;
    /** The next pod creation fails with this, once. */
    RuntimeException createPodError;

    StatefulSetControl control(boolean maxUnavailableEnabled) {
        return new StatefulSetControl(new StatefulPodControl(this, this), new RevisionHistory(this), this, clock,
                maxUnavailableEnabled);
    }

    // The StatefulSets the test works with.

    Unstructured addSet(String json) {
        Unstructured set = new Unstructured((ObjectNode) JsonMapper.shared().readTree(json));
        set.setMeta("uid", set.name() + "-uid");
        set.setGeneration(1);
        stamp(set);
        sets.put(key(set), set);
        return set.deepCopy();
    }

    Unstructured set(String name) {
        return sets.get("default/" + name).deepCopy();
    }

    /** Changes the set's spec as a user would; the generation moves when the spec did. */
    Unstructured updateSet(String name, Consumer<ObjectNode> change) {
        Unstructured set = sets.get("default/" + name);
        ObjectNode spec = set.json().withObject("spec");
        ObjectNode before = spec.deepCopy();
        change.accept(spec);
        if (!spec.equals(before)) {
            set.setGeneration(set.generation() + 1);
        }
        stamp(set);
        return set.deepCopy();
    }

    void markSetDeleted(String name) {
        Unstructured set = sets.get("default/" + name);
        set.setMeta("deletionTimestamp", Timestamps.format(clock.instant()));
        stamp(set);
    }

    int statusWrites() {
        return statusWrites;
    }

    // What a kubelet and users do to pods.

    /** The pods in the set's namespace, as the controller would have claimed them. */
    List<Unstructured> podsOf(Unstructured set) {
        return pods.values().stream().filter(p -> p.namespace().equals(set.namespace()))
                .filter(p -> PodIdentity.isMemberOf(set, p))
                .map(Unstructured::deepCopy).toList();
    }

    Unstructured pod(String name) {
        Unstructured pod = pods.get("default/" + name);
        return pod == null ? null : pod.deepCopy();
    }

    List<String> podNames() {
        return pods.values().stream().map(Unstructured::name).toList();
    }

    /** A pod someone else created. */
    Unstructured addPod(String json) {
        return create(pods, PODS, new Unstructured((ObjectNode) JsonMapper.shared().readTree(json))).deepCopy();
    }

    void setPodPhase(String name, String phase) {
        Unstructured pod = pods.get("default/" + name);
        pod.json().withObject("status").put("phase", phase);
        stamp(pod);
    }

    /** Running with Ready=True since now, as a kubelet reports a started pod. */
    void setPodReady(String name) {
        setPodPhase(name, "Running");
        Unstructured pod = pods.get("default/" + name);
        pod.json().withObject("status").putArray("conditions").addObject()
                .put("type", "Ready").put("status", "True")
                .put("lastTransitionTime", Timestamps.format(clock.instant()));
        stamp(pod);
    }

    /** Moves a pod one step: Pending → Running → Ready. */
    void advancePod(String name) {
        Unstructured pod = pods.get("default/" + name);
        if ("Pending".equals(pod.at("status.phase").asString(""))) {
            setPodPhase(name, "Running");
        } else {
            setPodReady(name);
        }
    }

    void markPodTerminating(String name) {
        Unstructured pod = pods.get("default/" + name);
        pod.setMeta("deletionTimestamp", Timestamps.format(clock.instant()));
        stamp(pod);
    }

    void removePod(String name) {
        pods.remove("default/" + name);
    }

    void editPod(String name, Consumer<Unstructured> change) {
        Unstructured pod = pods.get("default/" + name);
        change.accept(pod);
        stamp(pod);
    }

    Unstructured claim(String name) {
        Unstructured claim = claims.get("default/" + name);
        return claim == null ? null : claim.deepCopy();
    }

    List<String> claimNames() {
        return claims.values().stream().map(Unstructured::name).toList();
    }

    void editClaim(String name, Consumer<Unstructured> change) {
        Unstructured claim = claims.get("default/" + name);
        change.accept(claim);
        stamp(claim);
    }

    void removeClaim(String name) {
        claims.remove("default/" + name);
    }

    List<Unstructured> revisions() {
        List<Unstructured> sorted = new ArrayList<>(revisions.values().stream().map(Unstructured::deepCopy).toList());
        ControllerRevisions.sort(sorted);
        return sorted;
    }

    void addRevision(Unstructured revision) {
        revision.setMeta("uid", revision.name() + "-uid");
        stamp(revision);
        revisions.put(key(revision), revision);
    }

    // StatefulPodObjects

    @Override
    public void createPod(Unstructured pod) {
        if (createPodError != null) {
            RuntimeException error = createPodError;
            createPodError = null;
            throw error;
        }
        Unstructured created = create(pods, PODS, pod);
        created.json().putObject("status").put("phase", "Pending");
    }

    @Override
    public Optional<Unstructured> getPod(String namespace, String name) {
        return Optional.ofNullable(pods.get(namespace + "/" + name)).map(Unstructured::deepCopy);
    }

    @Override
    public void updatePod(Unstructured pod) {
        update(pods, PODS, pod);
    }

    @Override
    public void deletePod(Unstructured pod) {
        if (pods.remove(key(pod)) == null) {
            throw StatusError.notFound(PODS, pod.name());
        }
    }

    @Override
    public void adoptPod(Unstructured set, Unstructured pod) {
        Unstructured stored = existing(pods, PODS, pod);
        List<JsonNode> refs = new ArrayList<>(OwnerReferences.of(stored));
        refs.add(OwnerReferences.controllerRef(set, OwnerReferences.STATEFUL_SET));
        OwnerReferences.set(stored, refs);
        stamp(stored);
    }

    @Override
    public void releasePod(Unstructured set, Unstructured pod) {
        Unstructured stored = existing(pods, PODS, pod);
        List<JsonNode> refs = new ArrayList<>(OwnerReferences.of(stored));
        refs.removeIf(ref -> OwnerReferences.uid(ref).equals(set.uid()));
        OwnerReferences.set(stored, refs);
        stamp(stored);
    }

    @Override
    public void createClaim(Unstructured claim) {
        create(claims, CLAIMS, claim);
    }

    @Override
    public Optional<Unstructured> getClaim(String namespace, String name) {
        return Optional.ofNullable(claims.get(namespace + "/" + name)).map(Unstructured::deepCopy);
    }

    @Override
    public void updateClaim(Unstructured claim) {
        update(claims, CLAIMS, claim);
    }

    // ControllerHistory

    @Override
    public List<Unstructured> listOwnedOrOrphaned(Unstructured set) {
        return revisions.values().stream().filter(r -> r.namespace().equals(set.namespace()))
                .filter(r -> OwnerReferences.controllerOf(r).map(ref -> OwnerReferences.uid(ref).equals(set.uid()))
                        .orElse(true))
                .map(Unstructured::deepCopy).toList();
    }

    @Override
    public Optional<Unstructured> get(String namespace, String name) {
        return Optional.ofNullable(revisions.get(namespace + "/" + name)).map(Unstructured::deepCopy);
    }

    @Override
    public Unstructured create(Unstructured revision) {
        return create(revisions, REVISIONS, revision).deepCopy();
    }

    @Override
    public Unstructured update(Unstructured revision) {
        return update(revisions, REVISIONS, revision).deepCopy();
    }

    @Override
    public void delete(Unstructured revision) {
        revisions.remove(key(revision));
    }

    @Override
    public Unstructured adopt(Unstructured set, Unstructured revision) {
        Unstructured stored = existing(revisions, REVISIONS, revision);
        List<JsonNode> refs = new ArrayList<>(OwnerReferences.of(stored));
        refs.add(OwnerReferences.controllerRef(set, OwnerReferences.STATEFUL_SET));
        OwnerReferences.set(stored, refs);
        stamp(stored);
        return stored.deepCopy();
    }

    // StatusUpdater and StatefulSetEvents

    @Override
    public void updateStatus(Unstructured set, ObjectNode status) {
        Unstructured stored = sets.get(key(set));
        stored.json().set("status", status.deepCopy());
        stamp(stored);
        statusWrites++;
    }

    @Override
    public void record(Unstructured set, String type, String reason, String message) {
        events.add(type + " " + reason + " " + message);
    }

    private Unstructured create(Map<String, Unstructured> objects, GroupResource resource, Unstructured object) {
        if (objects.containsKey(key(object))) {
            throw StatusError.alreadyExists(resource, object.name());
        }
        Unstructured stored = object.deepCopy();
        stored.setMeta("uid", object.name() + "-uid-" + (resourceVersion + 1));
        stored.setMeta("creationTimestamp", Timestamps.format(clock.instant()));
        stored.json().remove("status");
        stamp(stored);
        objects.put(key(stored), stored);
        return stored;
    }

    private Unstructured update(Map<String, Unstructured> objects, GroupResource resource, Unstructured object) {
        Unstructured stored = existing(objects, resource, object);
        if (!object.resourceVersion().isEmpty() && !object.resourceVersion().equals(stored.resourceVersion())) {
            throw StatusError.modified(resource, object.name());
        }
        Unstructured updated = object.deepCopy();
        stamp(updated);
        objects.put(key(updated), updated);
        return updated;
    }

    private static Unstructured existing(Map<String, Unstructured> objects, GroupResource resource,
                                         Unstructured object) {
        Unstructured stored = objects.get(key(object));
        if (stored == null) {
            throw StatusError.notFound(resource, object.name());
        }
        return stored;
    }

    private void stamp(Unstructured object) {
        object.setMeta("resourceVersion", Long.toString(++resourceVersion));
    }

    private static String key(Unstructured object) {
        return object.namespace() + "/" + object.name();
    }
}
