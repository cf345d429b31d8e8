package dev.ordinal.controller.gc;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.gc.DependencyGraph.Node;
import dev.ordinal.controller.gc.GarbageCollection.ClassifiedOwner;
import dev.ordinal.controller.gc.GarbageCollection.Delete;
import dev.ordinal.controller.gc.GarbageCollection.Keep;
import dev.ordinal.controller.gc.GarbageCollection.OwnerState;
import dev.ordinal.controller.gc.GarbageCollection.RemoveOwnerReferences;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.controller.gc.GarbageCollection.attemptToDelete;
import static dev.ordinal.controller.gc.GarbageCollection.blockingDependents;
import static dev.ordinal.controller.gc.GarbageCollection.classify;
import static org.assertj.core.api.Assertions.assertThat;

class GarbageCollectionTest {

    private static final OwnerReference WEB = new OwnerReference("apps/v1", "StatefulSet", "web", "uid-web", true);
    private static final OwnerReference CONFIG = new OwnerReference("v1", "ConfigMap", "config", "uid-config", false);

    @Test
    void anOwnerIsDanglingWhenAbsentOrReplaced() {
        assertThat(classify(WEB, Optional.empty())).isEqualTo(OwnerState.DANGLING);
        assertThat(classify(WEB, Optional.of(object("web", "uid-other")))).isEqualTo(OwnerState.DANGLING);
        assertThat(classify(WEB, Optional.of(object("web", "uid-web")))).isEqualTo(OwnerState.SOLID);
    }

    @Test
    void anOwnerDeletingItsDependentsInTheForegroundIsWaiting() {
        Unstructured web = object("web", "uid-web");
        web.setMeta("deletionTimestamp", "2024-01-01T00:00:00Z");
        web.metadata().putArray("finalizers").add("foregroundDeletion");
        assertThat(classify(WEB, Optional.of(web))).isEqualTo(OwnerState.WAITING_FOR_DEPENDENTS_DELETION);

        web.metadata().putArray("finalizers").add("orphan");
        assertThat(classify(WEB, Optional.of(web))).isEqualTo(OwnerState.SOLID);
    }

    @Test
    void anObjectWithASolidOwnerStaysAndDropsTheOtherReferences() {
        Unstructured pod = object("web-0", "uid-pod");
        assertThat(attemptToDelete(pod, List.of(new ClassifiedOwner(WEB, OwnerState.SOLID)), List.of()))
                .isEqualTo(new Keep());
        assertThat(attemptToDelete(pod, List.of(new ClassifiedOwner(WEB, OwnerState.SOLID),
                new ClassifiedOwner(CONFIG, OwnerState.DANGLING)), List.of()))
                .isEqualTo(new RemoveOwnerReferences(Set.of("uid-config")));
        assertThat(attemptToDelete(pod, List.of(new ClassifiedOwner(CONFIG, OwnerState.SOLID),
                new ClassifiedOwner(WEB, OwnerState.WAITING_FOR_DEPENDENTS_DELETION)), List.of()))
                .isEqualTo(new RemoveOwnerReferences(Set.of("uid-web")));
    }

    @Test
    void anObjectWithoutOwnersLeftGoesInTheBackgroundUnlessItsFinalizersSayOtherwise() {
        Unstructured pod = object("web-0", "uid-pod");
        List<ClassifiedOwner> gone = List.of(new ClassifiedOwner(WEB, OwnerState.DANGLING));
        assertThat(attemptToDelete(pod, gone, List.of())).isEqualTo(new Delete("Background", false));

        pod.metadata().putArray("finalizers").add("orphan");
        assertThat(attemptToDelete(pod, gone, List.of())).isEqualTo(new Delete("Orphan", false));
        pod.metadata().putArray("finalizers").add("foregroundDeletion");
        assertThat(attemptToDelete(pod, gone, List.of())).isEqualTo(new Delete("Foreground", false));
    }

    @Test
    void foregroundDeletionCascadesToDependentsThatHaveDependents() {
        Unstructured revision = object("web-1234", "uid-revision");
        List<ClassifiedOwner> waiting = List.of(new ClassifiedOwner(WEB, OwnerState.WAITING_FOR_DEPENDENTS_DELETION));
        assertThat(attemptToDelete(revision, waiting, List.of())).isEqualTo(new Delete("Background", false));

        Node child = node("child", List.of(), false);
        assertThat(attemptToDelete(revision, waiting, List.of(child))).isEqualTo(new Delete("Foreground", false));
        Node deletingChild = node("child", List.of(), true);
        assertThat(attemptToDelete(revision, waiting, List.of(deletingChild)))
                .isEqualTo(new Delete("Foreground", true));
    }

    @Test
    void anObjectWithoutOwnerReferencesIsKept() {
        assertThat(attemptToDelete(object("solo", "uid-solo"), List.of(), List.of())).isEqualTo(new Keep());
    }

    @Test
    void onlyReferencesWithBlockOwnerDeletionHoldTheOwner() {
        Node pod = node("web-0", List.of(WEB), false);
        Node unblocking = node("cm", List.of(new OwnerReference("apps/v1", "StatefulSet", "web", "uid-web", false)),
                false);
        Node other = node("other", List.of(new OwnerReference("v1", "ConfigMap", "x", "uid-x", true)), false);
        assertThat(blockingDependents("uid-web", List.of(pod, unblocking, other))).containsExactly(pod);
    }

    private static Node node(String name, List<OwnerReference> owners, boolean deletingDependents) {
        return new Node(new ObjectRef(new GroupResource("", "pods"), "default", name), "uid-" + name, owners,
                deletingDependents);
    }

    private static Unstructured object(String name, String uid) {
        ObjectNode json = JsonMapper.shared().createObjectNode();
        json.putObject("metadata").put("name", name).put("namespace", "default").put("uid", uid);
        return new Unstructured(json);
    }
}
