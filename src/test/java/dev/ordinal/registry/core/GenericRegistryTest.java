package dev.ordinal.registry.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.testing.MemoryRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generic registry's own rules (upstream's {@code registry/generic/registry.Store} with
 * {@code rest.BeforeCreate}, {@code BeforeUpdate} and {@code BeforeDelete}) over the in-memory
 * store, on ConfigMaps and Pods as the server defines them.
 */
class GenericRegistryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WriteOptions WRITE = WriteOptions.defaults();
    private static final WriteOptions DRY_RUN = new WriteOptions(true, "", "");

    private final MemoryRegistry memory = new MemoryRegistry();
    private final GenericRegistry registry = memory.registry();
    private final ResourceDefinition configMaps = new CoreResources().configMaps();
    private final ResourceDefinition pods = new CoreResources().pods(new PodBinder(memory.store(), memory.clock()),
            new PodEviction(memory.store(), new StaticListableBeanFactory(java.util.Map.of("registry", memory.registry()))
                    .getBeanProvider(GenericRegistry.class), memory.clock()),
            new PodStreaming(memory.registry(), () -> {
                throw new UnsupportedOperationException("no node in this test");
            }), memory.registry());

    private static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JSON.readTree(json));
    }

    private static Unstructured configMap(String name) {
        return object("{\"metadata\": {\"name\": \"" + name + "\"}, \"data\": {\"key\": \"value\"}}");
    }

    private static Unstructured scheduledPod(String name) {
        return object("{\"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {\"nodeName\": \"node-1\", "
                + "\"containers\": [{\"name\": \"nginx\", \"image\": \"nginx:1.25\"}]}}");
    }

    private static StatusError statusError(Runnable call) {
        try {
            call.run();
        } catch (StatusError e) {
            return e;
        }
        throw new AssertionError("expected a StatusError");
    }

    @Test
    void createSetsTheSystemFields() {
        Unstructured created = registry.create(configMaps, "default", configMap("cfg"), WRITE);

        assertThat(created.uid()).matches("[0-9a-f-]{36}");
        assertThat(created.metadata().path("creationTimestamp").asString()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(created.resourceVersion()).isEqualTo(Long.toString(memory.store().currentRevision()));
        assertThat(created.namespace()).isEqualTo("default");
        // ConfigMaps have no spec, so upstream keeps no generation for them.
        assertThat(created.metadata().has("generation")).isFalse();
        assertThat(created.json().propertyNames()).startsWith("kind", "apiVersion");
        assertThat(registry.get(configMaps, "default", "cfg")).isEqualTo(created);
    }

    @Test
    void createIgnoresSystemFieldsAClientSets() {
        Unstructured sent = configMap("cfg");
        sent.setMeta("uid", "chosen-by-the-client").setMeta("creationTimestamp", "2000-01-01T00:00:00Z");

        Unstructured created = registry.create(configMaps, "default", sent, WRITE);

        assertThat(created.uid()).isNotEqualTo("chosen-by-the-client");
        assertThat(created.metadata().path("creationTimestamp").asString()).isEqualTo("2024-01-01T00:00:00Z");
    }

    @Test
    void generateNameAppendsFiveRandomCharacters() {
        Unstructured sent = object("{\"metadata\": {\"generateName\": \"cfg-\"}}");

        Unstructured created = registry.create(configMaps, "default", sent, WRITE);

        assertThat(created.name()).matches("cfg-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(registry.find(configMaps, "default", created.name())).isPresent();
    }

    @Test
    void createNeedsAFreeName() {
        registry.create(configMaps, "default", configMap("cfg"), WRITE);
        assertThat(statusError(() -> registry.create(configMaps, "default", configMap("cfg"), WRITE)).reason())
                .isEqualTo("AlreadyExists");
    }

    @Test
    void anInvalidObjectIsRejectedWithItsCausesAndNotStored() {
        Unstructured invalid = object("{\"metadata\": {\"name\": \"cfg\"}, \"data\": {\"..hidden\": \"x\"}}");
        long revision = memory.store().currentRevision();

        StatusError error = statusError(() -> registry.create(configMaps, "default", invalid, WRITE));

        assertThat(error.code()).isEqualTo(422);
        assertThat(error.toStatus().at("/details/causes/0/field").asString()).isEqualTo("data[..hidden]");
        assertThat(memory.store().currentRevision()).isEqualTo(revision);
    }

    @Test
    void updateWithAStaleResourceVersionIsAConflict() {
        Unstructured created = registry.create(configMaps, "default", configMap("cfg"), WRITE);
        Unstructured first = created.deepCopy();
        first.json().withObject("data").put("key", "first");
        registry.update(configMaps, "default", "cfg", first, null, WRITE);

        Unstructured stale = created.deepCopy();
        stale.json().withObject("data").put("key", "stale");
        StatusError error = statusError(() -> registry.update(configMaps, "default", "cfg", stale, null, WRITE));

        assertThat(error.code()).isEqualTo(409);
        assertThat(error.reason()).isEqualTo("Conflict");
        assertThat(registry.get(configMaps, "default", "cfg").at("data.key").asString()).isEqualTo("first");
        // Without a resourceVersion an update is unconditional, as upstream's AllowUnconditionalUpdate.
        stale.metadata().remove("resourceVersion");
        assertThat(registry.update(configMaps, "default", "cfg", stale, null, WRITE).at("data.key").asString())
                .isEqualTo("stale");
    }

    @Test
    void anUpdateKeepsTheCreationTimestampAndRefusesAnotherUid() {
        Unstructured created = registry.create(configMaps, "default", configMap("cfg"), WRITE);
        Unstructured sent = configMap("cfg");
        sent.setMeta("creationTimestamp", "2000-01-01T00:00:00Z");
        sent.json().withObject("data").put("key", "changed");

        Unstructured updated = registry.update(configMaps, "default", "cfg", sent, null, WRITE);

        assertThat(updated.uid()).isEqualTo(created.uid());
        assertThat(updated.metadata().path("creationTimestamp")).isEqualTo(created.metadata().path("creationTimestamp"));
        assertThat(Long.parseLong(updated.resourceVersion())).isGreaterThan(Long.parseLong(created.resourceVersion()));
        // As upstream's ValidateObjectMetaUpdate: a uid sent on an update must be the stored one.
        sent.setMeta("uid", "another");
        StatusError error = statusError(() -> registry.update(configMaps, "default", "cfg", sent, null, WRITE));
        assertThat(error.code()).isEqualTo(422);
        assertThat(error.getMessage()).contains("metadata.uid", "field is immutable");
    }

    @Test
    void theStatusSubresourceWritesStatusOnlyAndTheMainResourceEverythingElse() {
        Unstructured created = registry.create(pods, "default", scheduledPod("web-0"), WRITE);

        Unstructured statusWrite = created.deepCopy();
        statusWrite.json().withObject("status").put("phase", "Running");
        statusWrite.json().withObject("spec").put("activeDeadlineSeconds", 60);
        statusWrite.metadata().withObject("labels").put("app", "web");
        Unstructured afterStatus = registry.update(pods, "default", "web-0", statusWrite, Subresource.STATUS, WRITE);

        assertThat(afterStatus.at("status.phase").asString()).isEqualTo("Running");
        assertThat(afterStatus.json().path("spec")).isEqualTo(created.json().path("spec"));
        assertThat(afterStatus.labels()).isEmpty();

        Unstructured mainWrite = afterStatus.deepCopy();
        mainWrite.json().withObject("status").put("phase", "Failed");
        mainWrite.metadata().withObject("labels").put("app", "web");
        Unstructured afterMain = registry.update(pods, "default", "web-0", mainWrite, null, WRITE);

        assertThat(afterMain.at("status.phase").asString()).isEqualTo("Running");
        assertThat(afterMain.labels()).containsEntry("app", "web");
    }

    @Test
    void aFinalizerHoldsTheDeletionUntilTheLastOneIsRemoved() {
        Unstructured held = configMap("cfg");
        held.metadata().putArray("finalizers").add("example.com/hold");
        registry.create(configMaps, "default", held, WRITE);
        List<WatchEvent> events = new ArrayList<>();
        memory.store().watch(configMaps.groupResource(), "default", memory.store().currentRevision(), events::add);

        Unstructured marked = registry.delete(configMaps, "default", "cfg", DeleteOptions.defaults());

        assertThat(marked.deletionTimestamp()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(registry.find(configMaps, "default", "cfg")).isPresent();

        Unstructured released = registry.get(configMaps, "default", "cfg");
        released.metadata().remove("finalizers");
        registry.update(configMaps, "default", "cfg", released, null, WRITE);

        assertThat(registry.find(configMaps, "default", "cfg")).isEmpty();
        assertThat(events).extracting(WatchEvent::type)
                .containsExactly(WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED);
    }

    @Test
    void aScheduledPodGetsItsGracePeriodWhichALaterDeleteMayOnlyShorten() {
        Unstructured created = registry.create(pods, "default", scheduledPod("web-0"), WRITE);

        Unstructured terminating = registry.delete(pods, "default", "web-0", DeleteOptions.defaults());

        assertThat(terminating.deletionTimestamp()).isEqualTo("2024-01-01T00:00:30Z");
        assertThat(terminating.metadata().path("deletionGracePeriodSeconds").asLong()).isEqualTo(30);
        memory.clock().advance(Duration.ofSeconds(5));
        Unstructured shortened = registry.delete(pods, "default", "web-0",
                new DeleteOptions(10L, "", "", "", false));
        assertThat(shortened.deletionTimestamp()).isEqualTo("2024-01-01T00:00:10Z");
        Unstructured notLonger = registry.delete(pods, "default", "web-0",
                new DeleteOptions(60L, "", "", "", false));
        assertThat(notLonger.deletionTimestamp()).isEqualTo("2024-01-01T00:00:10Z");
        assertThat(registry.find(pods, "default", "web-0")).isPresent();

        registry.finishDeletion(pods, "default", "web-0", created.uid());
        assertThat(registry.find(pods, "default", "web-0")).isEmpty();
    }

    @Test
    void aPodNoNodeRunsGoesAtOnce() {
        Unstructured pending = scheduledPod("web-0");
        pending.json().withObject("spec").remove("nodeName");
        registry.create(pods, "default", pending, WRITE);

        registry.delete(pods, "default", "web-0", DeleteOptions.defaults());

        assertThat(registry.find(pods, "default", "web-0")).isEmpty();
    }

    @Test
    void dryRunWritesNothing() {
        long revision = memory.store().currentRevision();

        Unstructured wouldCreate = registry.create(configMaps, "default", configMap("cfg"), DRY_RUN);

        assertThat(wouldCreate.uid()).isNotEmpty();
        assertThat(wouldCreate.resourceVersion()).isEmpty();
        assertThat(registry.find(configMaps, "default", "cfg")).isEmpty();

        Unstructured created = registry.create(configMaps, "default", configMap("cfg"), WRITE);
        revision = memory.store().currentRevision();
        Unstructured changed = created.deepCopy();
        changed.json().withObject("data").put("key", "changed");
        Unstructured wouldUpdate = registry.update(configMaps, "default", "cfg", changed, null, DRY_RUN);
        Unstructured wouldDelete = registry.delete(configMaps, "default", "cfg",
                new DeleteOptions(null, "", "", "", true));

        assertThat(wouldUpdate.at("data.key").asString()).isEqualTo("changed");
        assertThat(wouldUpdate.resourceVersion()).isEqualTo(created.resourceVersion());
        assertThat(wouldDelete.name()).isEqualTo("cfg");
        assertThat(registry.get(configMaps, "default", "cfg")).isEqualTo(created);
        assertThat(memory.store().currentRevision()).isEqualTo(revision);
    }
}
