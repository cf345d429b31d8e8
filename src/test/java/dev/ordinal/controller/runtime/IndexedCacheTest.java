package dev.ordinal.controller.runtime;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexedCacheTest {

    private final IndexedCache cache = new IndexedCache();

    IndexedCacheTest() {
        cache.addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
    }

    private static Unstructured pod(String namespace, String name, String controllerUid) {
        String owners = controllerUid == null ? "[]" : """
                [{"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"other-owner"},
                 {"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"%s","controller":true}]
                """.formatted(controllerUid);
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","ownerReferences":%s}}
                """.formatted(name, namespace, owners)));
    }

    private void put(Unstructured object) {
        cache.put(SharedIndexInformer.key(object.namespace(), object.name()), object);
    }

    private List<String> names(String value) {
        return cache.byIndex(ControllerUidIndex.NAME, value).stream().map(Unstructured::name).sorted().toList();
    }

    @Test
    void filesObjectsUnderTheirControllerOnlyAndOrphansByNamespace() {
        put(pod("a", "web-0", "uid-1"));
        put(pod("a", "web-1", "uid-1"));
        put(pod("a", "db-0", "uid-2"));
        put(pod("a", "loose", null));
        put(pod("b", "stray", null));

        assertThat(names("uid-1")).containsExactly("web-0", "web-1");
        assertThat(names("uid-2")).containsExactly("db-0");
        assertThat(names("other-owner")).isEmpty();
        assertThat(names(ControllerUidIndex.orphansOf("a"))).containsExactly("loose");
        assertThat(names(ControllerUidIndex.orphansOf("b"))).containsExactly("stray");
    }

    @Test
    void anUpdateMovesTheObjectToItsNewValues() {
        put(pod("a", "web-0", null));

        Unstructured previous = cache.put("a/web-0", pod("a", "web-0", "uid-1"));

        assertThat(previous).isNotNull();
        assertThat(names(ControllerUidIndex.orphansOf("a"))).isEmpty();
        assertThat(names("uid-1")).containsExactly("web-0");
        assertThat(cache.byIndex(ControllerUidIndex.NAME, "uid-1").get(0).json()).isEqualTo(
                pod("a", "web-0", "uid-1").json());
    }

    @Test
    void aRemovedObjectLeavesEveryIndex() {
        put(pod("a", "web-0", "uid-1"));

        Unstructured removed = cache.remove("a/web-0");

        assertThat(removed.name()).isEqualTo("web-0");
        assertThat(names("uid-1")).isEmpty();
        assertThat(cache.get("a/web-0")).isEmpty();
        assertThat(cache.remove("a/web-0")).isNull();
    }

    @Test
    void anIndexAddedLaterFilesWhatIsAlreadyCached() {
        put(pod("a", "web-0", "uid-1"));
        put(pod("b", "web-0", "uid-1"));

        cache.addIndex("namespace", object -> List.of(object.namespace()));

        assertThat(cache.byIndex("namespace", "a")).extracting(Unstructured::namespace).containsExactly("a");
        assertThat(cache.byIndex("namespace", "c")).isEmpty();
    }

    @Test
    void unknownOrRepeatedIndexesAreRefused() {
        assertThatThrownBy(() -> cache.byIndex("byNode", "node-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
