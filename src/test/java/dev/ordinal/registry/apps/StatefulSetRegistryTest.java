package dev.ordinal.registry.apps;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.testing.MemoryRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * metadata.generation through the generic registry, on the StatefulSet as the server defines it:
 * upstream's strategies move it when, and only when, spec moves.
 */
class StatefulSetRegistryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WriteOptions WRITE = WriteOptions.defaults();

    private final GenericRegistry registry = new MemoryRegistry().registry();
    private final ResourceDefinition statefulSets = new AppsResources().statefulSets(registry);

    private Unstructured created() {
        return registry.create(statefulSets, "default", new Unstructured((ObjectNode) JSON.readTree("""
                {"metadata": {"name": "web"},
                 "spec": {"selector": {"matchLabels": {"app": "web"}}, "serviceName": "web",
                  "template": {"metadata": {"labels": {"app": "web"}},
                   "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
                """)), WRITE);
    }

    private Unstructured update(Unstructured object, Subresource subresource) {
        return registry.update(statefulSets, "default", "web", object, subresource, WRITE);
    }

    @Test
    void aNewObjectIsAtGenerationOne() {
        assertThat(created().generation()).isEqualTo(1);
    }

    @Test
    void generationMovesOnlyWhenSpecMoves() {
        Unstructured labelled = created().deepCopy();
        labelled.metadata().withObject("labels").put("team", "a");
        labelled = update(labelled, null);
        assertThat(labelled.generation()).isEqualTo(1);

        Unstructured scaled = labelled.deepCopy();
        scaled.json().withObject("spec").put("replicas", 3);
        scaled = update(scaled, null);
        assertThat(scaled.generation()).isEqualTo(2);
        assertThat(scaled.at("spec.replicas").asInt()).isEqualTo(3);
    }

    @Test
    void aStatusWriteMovesNeitherSpecNorGeneration() {
        Unstructured stored = created();
        Unstructured statusWrite = stored.deepCopy();
        statusWrite.json().withObject("status").put("observedGeneration", 1).put("replicas", 0);
        statusWrite.json().withObject("spec").put("replicas", 5);

        Unstructured written = update(statusWrite, Subresource.STATUS);

        assertThat(written.generation()).isEqualTo(1);
        assertThat(written.json().path("spec")).isEqualTo(stored.json().path("spec"));
        assertThat(written.at("status.observedGeneration").asInt()).isEqualTo(1);
    }
}
