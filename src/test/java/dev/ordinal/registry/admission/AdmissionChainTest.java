package dev.ordinal.registry.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chain runs upstream's plugin order, mutating before validating, each plugin only where it applies. */
class AdmissionChainTest {

    private static final ResourceDefinition CLAIMS =
            ResourceDefinition.builder("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims").build();
    private static final ResourceDefinition VOLUMES =
            ResourceDefinition.builder("", "v1", "PersistentVolume", "persistentvolumes").clusterScoped().build();
    private static final ResourceDefinition PODS = ResourceDefinition.builder("", "v1", "Pod", "pods").build();

    private final List<String> calls = new ArrayList<>();

    @Test
    void pluginsRunInUpstreamsOrderWhateverOrderTheyAreGivenIn() {
        AdmissionChain chain = new AdmissionChain(List.of(
                new Recording("StorageObjectInUseProtection", Set.of(Operation.CREATE), null),
                new Recording("NamespaceLifecycle", Set.of(Operation.CREATE), null),
                new Recording("DefaultStorageClass", Set.of(Operation.CREATE), null)));
        assertThat(chain.names()).containsExactly("NamespaceLifecycle", "DefaultStorageClass",
                "StorageObjectInUseProtection");
    }

    @Test
    void everyMutatingPluginRunsBeforeAnyValidatingOne() {
        AdmissionChain chain = new AdmissionChain(List.of(
                new Recording("StorageObjectInUseProtection", Set.of(Operation.CREATE), null),
                new Recording("NamespaceLifecycle", Set.of(Operation.CREATE), null)));
        AdmissionAttributes attributes = attributes(Operation.CREATE, PODS, "");
        chain.admit(attributes);
        chain.validate(attributes);
        assertThat(calls).containsExactly("admit NamespaceLifecycle", "admit StorageObjectInUseProtection",
                "validate NamespaceLifecycle", "validate StorageObjectInUseProtection");
    }

    @Test
    void aPluginRunsOnlyForTheOperationsAndResourcesItHandles() {
        AdmissionChain chain = new AdmissionChain(List.of(
                new Recording("DefaultStorageClass", Set.of(Operation.CREATE), CLAIMS.groupResource())));
        chain.admit(attributes(Operation.UPDATE, CLAIMS, ""));
        chain.admit(attributes(Operation.CREATE, PODS, ""));
        chain.admit(attributes(Operation.CREATE, CLAIMS, "status"));
        assertThat(calls).isEmpty();
        chain.admit(attributes(Operation.CREATE, CLAIMS, ""));
        assertThat(calls).containsExactly("admit DefaultStorageClass");
    }

    @Test
    void aPluginWithoutAPlaceInTheOrderIsRefused() {
        assertThatThrownBy(() -> new AdmissionChain(List.of(new Recording("Unknown", Set.of(), null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown");
    }

    @Test
    void storageObjectInUseProtectionProtectsNewClaimsAndVolumesOnly() {
        StorageObjectInUseProtection plugin = new StorageObjectInUseProtection();
        assertThat(plugin.handles(Operation.CREATE)).isTrue();
        assertThat(plugin.handles(Operation.UPDATE)).isFalse();
        assertThat(plugin.handles(PODS, "")).isFalse();
        assertThat(plugin.handles(CLAIMS, "status")).isFalse();

        AdmissionAttributes claim = attributes(Operation.CREATE, CLAIMS, "");
        new AdmissionChain(List.of(plugin)).admit(claim);
        assertThat(claim.object().finalizers()).containsExactly("kubernetes.io/pvc-protection");
        AdmissionAttributes volume = attributes(Operation.CREATE, VOLUMES, "");
        new AdmissionChain(List.of(plugin)).admit(volume);
        new AdmissionChain(List.of(plugin)).admit(volume);
        assertThat(volume.object().finalizers()).containsExactly("kubernetes.io/pv-protection");
    }

    private static AdmissionAttributes attributes(Operation operation, ResourceDefinition definition,
                                                  String subresource) {
        Unstructured object = new Unstructured((ObjectNode) JsonMapper.shared().readTree("""
                {"kind": "%s", "apiVersion": "v1", "metadata": {"name": "x"}}""".formatted(definition.kind())));
        return new AdmissionAttributes(operation, definition, subresource, "default", "x", object, null, false);
    }

    /** A plugin of both phases that notes each call; {@code resource} null handles every resource. */
    private final class Recording implements MutatingPlugin, ValidatingPlugin {
        private final String name;
        private final Set<Operation> operations;
        private final GroupResource resource;

        Recording(String name, Set<Operation> operations, GroupResource resource) {
            this.name = name;
            this.operations = operations;
            this.resource = resource;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean handles(Operation operation) {
            return operations.contains(operation);
        }

        @Override
        public boolean handles(ResourceDefinition definition, String subresource) {
            return subresource.isEmpty() && (resource == null || resource.equals(definition.groupResource()));
        }

        @Override
        public void admit(AdmissionAttributes attributes) {
            calls.add("admit " + name);
        }

        @Override
        public void validate(AdmissionAttributes attributes) {
            calls.add("validate " + name);
        }
    }
}
