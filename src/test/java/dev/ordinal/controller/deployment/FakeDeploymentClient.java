package dev.ordinal.controller.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;

/** Keeps ReplicaSets in a map and records the Deployment's writes and events. */
final class FakeDeploymentClient implements DeploymentClient {

    final Map<String, Unstructured> replicaSets = new LinkedHashMap<>();
    final List<String> events = new ArrayList<>();
    final List<Unstructured> statusWrites = new ArrayList<>();
    final List<Unstructured> updates = new ArrayList<>();
    private int created;
    private long resourceVersion = 100;

    @Override
    public Unstructured createReplicaSet(Unstructured replicaSet) {
        if (replicaSets.containsKey(replicaSet.name())) {
            throw StatusError.alreadyExists(new GroupResource("apps", "replicasets"), replicaSet.name());
        }
        Unstructured stored = replicaSet.deepCopy();
        stored.setMeta("uid", "uid-" + replicaSet.name());
        // Later sets are newer: one second apart, as the creation order the controller sorts by.
        stored.setMeta("creationTimestamp", "2024-01-01T00:%02d:%02dZ".formatted(10 + created / 60, created % 60));
        created++;
        stored.setGeneration(1);
        stored.setMeta("resourceVersion", Long.toString(++resourceVersion));
        replicaSets.put(stored.name(), stored);
        return stored.deepCopy();
    }

    @Override
    public Unstructured updateReplicaSet(Unstructured replicaSet) {
        Unstructured stored = replicaSet.deepCopy();
        stored.setMeta("resourceVersion", Long.toString(++resourceVersion));
        replicaSets.put(stored.name(), stored);
        return stored.deepCopy();
    }

    @Override
    public void deleteReplicaSet(Unstructured replicaSet) {
        replicaSets.remove(replicaSet.name());
        events.add("deleted " + replicaSet.name());
    }

    @Override
    public Optional<Unstructured> cachedReplicaSet(String namespace, String name) {
        return Optional.ofNullable(replicaSets.get(name)).map(Unstructured::deepCopy);
    }

    @Override
    public Unstructured updateDeploymentStatus(Unstructured deployment) {
        Unstructured written = deployment.deepCopy();
        written.setMeta("resourceVersion", Long.toString(++resourceVersion));
        statusWrites.add(written);
        return written;
    }

    @Override
    public Unstructured updateDeployment(Unstructured deployment) {
        Unstructured written = deployment.deepCopy();
        written.setMeta("resourceVersion", Long.toString(++resourceVersion));
        updates.add(written);
        return written.deepCopy();
    }

    @Override
    public void normalEvent(Unstructured deployment, String reason, String message) {
        events.add(reason + ": " + message);
    }

    @Override
    public void warningEvent(Unstructured deployment, String reason, String message) {
        events.add("Warning " + reason + ": " + message);
    }

    Unstructured lastStatusWrite() {
        return statusWrites.get(statusWrites.size() - 1);
    }

    /** The sets, as the informer would list them, each with a copy. */
    List<Unstructured> list() {
        return replicaSets.values().stream().map(Unstructured::deepCopy).toList();
    }
}
