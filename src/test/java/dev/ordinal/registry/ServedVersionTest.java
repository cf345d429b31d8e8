package dev.ordinal.registry;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.testing.MemoryRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two served versions of one kind, stored in v1: objects are stored in v1 whichever version
 * writes them, and every read or write answers in the version it came through.
 */
class ServedVersionTest {

    private static final GroupResource WIDGETS = new GroupResource("example.com", "widgets");

    private final MemoryRegistry memory = new MemoryRegistry();
    private final GenericRegistry registry = memory.registry();
    private final ResourceDefinition v1beta1 = widgets("v1beta1");
    private final ResourceDefinition v1 = widgets("v1");

    @Test
    void aWriteThroughAnotherVersionIsStoredInTheStorageVersionAndAnsweredInItsOwn() {
        Unstructured created = registry.create(v1beta1, "default", widget("example.com/v1beta1"),
                WriteOptions.defaults());

        assertThat(created.apiVersion()).isEqualTo("example.com/v1beta1");
        assertThat(storedApiVersion()).isEqualTo("example.com/v1");

        Unstructured patched = registry.patch(v1beta1, "default", "w", object -> {
            object.json().withObject("spec").put("size", 2);
            return object;
        }, null, WriteOptions.defaults());
        assertThat(patched.apiVersion()).isEqualTo("example.com/v1beta1");
        assertThat(storedApiVersion()).isEqualTo("example.com/v1");
    }

    @Test
    void readsAnswerInTheRequestedVersionAndSendTheCommittedBytesWhenItIsTheStoredOne() {
        registry.create(v1, "default", widget("example.com/v1"), WriteOptions.defaults());
        byte[] committed = memory.store().getCommitted(WIDGETS, "default", "w").orElseThrow().json();

        assertThat(registry.committedJson(v1, "default", "w")).isSameAs(committed);
        assertThat(JsonMapper.shared().readTree(registry.committedJson(v1beta1, "default", "w"))
                .path("apiVersion").asString()).isEqualTo("example.com/v1beta1");
        assertThat(registry.get(v1beta1, "default", "w").apiVersion()).isEqualTo("example.com/v1beta1");
        ListPage page = registry.list(v1beta1, "default", ListOptions.everything());
        assertThat(page.items()).extracting(Unstructured::apiVersion).containsExactly("example.com/v1beta1");
        assertThat(JsonMapper.shared().readTree(page.committedJson().get(0)).path("apiVersion").asString())
                .isEqualTo("example.com/v1beta1");
        assertThat(registry.list(v1, "default", ListOptions.everything()).committedJson().get(0)).isSameAs(committed);
    }

    @Test
    void theAnswerKeepsKindAndApiVersionFirst() {
        registry.create(v1, "default", widget("example.com/v1"), WriteOptions.defaults());

        assertThat(registry.get(v1beta1, "default", "w").json().propertyNames())
                .startsWith("kind", "apiVersion");
    }

    private String storedApiVersion() {
        return memory.store().get(WIDGETS, "default", "w").orElseThrow().apiVersion();
    }

    private static ResourceDefinition widgets(String version) {
        return ResourceDefinition.builder("example.com", version, "Widget", "widgets")
                .type(GenericKubernetesResource.class)
                .customResource()
                .storageVersion("v1")
                .build();
    }

    private static Unstructured widget(String apiVersion) {
        ObjectNode json = JsonMapper.shared().createObjectNode().put("apiVersion", apiVersion).put("kind", "Widget");
        json.putObject("metadata").put("name", "w");
        json.putObject("spec").put("size", 1);
        return new Unstructured(json);
    }
}
