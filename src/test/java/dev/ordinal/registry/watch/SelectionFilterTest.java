package dev.ordinal.registry.watch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.selection.Selection;

import static org.assertj.core.api.Assertions.assertThat;

/** A selected watch sees objects enter and leave its selection as upstream's cacher shows them. */
class SelectionFilterTest {

    private static final ResourceDefinition PODS = ResourceDefinition.builder("", "v1", "Pod", "pods").build();
    private static final SelectionFilter WEB = new SelectionFilter(Selection.of(PODS, "app=web", ""));

    @Test
    void anAddedObjectIsSeenOnlyWhenItMatches() {
        assertThat(WEB.filter(change(WatchEvent.Type.ADDED, pod("web", "2"), null, 2)))
                .isEqualTo(new Event(Event.Type.ADDED, pod("web", "2").json()));
        assertThat(WEB.filter(change(WatchEvent.Type.ADDED, pod("db", "2"), null, 2))).isNull();
    }

    @Test
    void aChangeWithinTheSelectionIsModifiedAndOneOutsideItIsNotSeen() {
        assertThat(WEB.filter(change(WatchEvent.Type.MODIFIED, pod("web", "3"), pod("web", "2"), 3)).type())
                .isEqualTo(Event.Type.MODIFIED);
        assertThat(WEB.filter(change(WatchEvent.Type.MODIFIED, pod("db", "3"), pod("db", "2"), 3))).isNull();
    }

    @Test
    void anObjectEnteringTheSelectionIsAdded() {
        Event event = WEB.filter(change(WatchEvent.Type.MODIFIED, pod("web", "3"), pod("db", "2"), 3));
        assertThat(event).isEqualTo(new Event(Event.Type.ADDED, pod("web", "3").json()));
    }

    @Test
    void anObjectLeavingTheSelectionIsDeletedAsItWasBeforeAtTheChangesResourceVersion() {
        Event event = WEB.filter(change(WatchEvent.Type.MODIFIED, pod("db", "3"), pod("web", "2"), 3));
        assertThat(event).isEqualTo(new Event(Event.Type.DELETED, pod("web", "3").json()));
    }

    @Test
    void aDeletionIsSeenWhenTheObjectMatchedBeforeOrNow() {
        assertThat(WEB.filter(change(WatchEvent.Type.DELETED, pod("web", "4"), pod("web", "3"), 4)).type())
                .isEqualTo(Event.Type.DELETED);
        assertThat(WEB.filter(change(WatchEvent.Type.DELETED, pod("db", "4"), pod("web", "3"), 4)).type())
                .isEqualTo(Event.Type.DELETED);
        assertThat(WEB.filter(change(WatchEvent.Type.DELETED, pod("db", "4"), pod("db", "3"), 4))).isNull();
    }

    @Test
    void aReplayedChangeWithoutItsPreviousObjectIsJudgedByTheObjectAlone() {
        assertThat(WEB.filter(change(WatchEvent.Type.MODIFIED, pod("web", "5"), null, 5)).type())
                .isEqualTo(Event.Type.MODIFIED);
        assertThat(WEB.filter(change(WatchEvent.Type.MODIFIED, pod("db", "5"), null, 5))).isNull();
    }

    private static WatchEvent change(WatchEvent.Type type, Unstructured object, Unstructured previous, long revision) {
        return new WatchEvent(type, PODS.groupResource(), object, previous, revision);
    }

    private static Unstructured pod(String app, String resourceVersion) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree("""
                {"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "p", "namespace": "default",
                 "resourceVersion": "%s", "labels": {"app": "%s"}}}""".formatted(resourceVersion, app)));
    }
}
