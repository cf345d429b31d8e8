package dev.ordinal.it.statefulset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * What happened to the pods of one namespace, in the order a watch saw it: each pod's creation,
 * its first Ready=True, the start of its deletion (deletionTimestamp set) and its removal. One
 * watch stream delivers events in resourceVersion order, so the order of the steps is the order
 * in which the server made the changes.
 */
final class PodTimeline implements Watcher<Pod>, AutoCloseable {

    /** The kinds of step a pod goes through. */
    enum Change { CREATED, READY, TERMINATING, DELETED }

    /** One step of one pod; a pod recreated under the same name goes through its steps again. */
    record Step(Change change, String pod) {

        @Override
        public String toString() {
            return change.name().toLowerCase() + " " + pod;
        }
    }

    private final List<Step> steps = new ArrayList<>();
    private final Map<String, List<Change>> seen = new HashMap<>();
    private final Watch watch;

    /** Records from now on: pods that already exist count only for what happens to them next. */
    PodTimeline(KubernetesClient client, String namespace) {
        PodList current = client.pods().inNamespace(namespace).list();
        current.getItems().forEach(pod -> seen.put(pod.getMetadata().getUid(), changesSoFar(pod)));
        this.watch = client.pods().inNamespace(namespace).watch(new ListOptionsBuilder()
                .withResourceVersion(current.getMetadata().getResourceVersion()).build(), this);
    }

    private static List<Change> changesSoFar(Pod pod) {
        List<Change> changes = new ArrayList<>(List.of(Change.CREATED));
        if (Pods.ready(pod)) {
            changes.add(Change.READY);
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            changes.add(Change.TERMINATING);
        }
        return changes;
    }

    @Override
    public synchronized void eventReceived(Action action, Pod pod) {
        String uid = pod.getMetadata().getUid();
        List<Change> changes = seen.computeIfAbsent(uid, u -> new ArrayList<>());
        record(changes, Change.CREATED, pod);
        if (Pods.ready(pod)) {
            record(changes, Change.READY, pod);
        }
        if (pod.getMetadata().getDeletionTimestamp() != null || action == Action.DELETED) {
            record(changes, Change.TERMINATING, pod);
        }
        if (action == Action.DELETED) {
            record(changes, Change.DELETED, pod);
        }
    }

    private void record(List<Change> changes, Change change, Pod pod) {
        if (!changes.contains(change)) {
            changes.add(change);
            steps.add(new Step(change, pod.getMetadata().getName()));
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        // A watch that ends early leaves steps out; the test waiting for them reports which.
    }

    /** Every step so far, in order. */
    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** The names of the pods that went through {@code change}, in the order they did. */
    synchronized List<String> pods(Change change) {
        return steps.stream().filter(step -> step.change() == change).map(Step::pod).toList();
    }

    /** Where the first {@code change} of a pod named {@code pod} is in the timeline; fails if there is none. */
    synchronized int first(Change change, String pod) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).change() == change && steps.get(i).pod().equals(pod)) {
                return i;
            }
        }
        throw new AssertionError("no " + change + " of " + pod + " in " + steps);
    }

    @Override
    public void close() {
        watch.close();
    }
}
