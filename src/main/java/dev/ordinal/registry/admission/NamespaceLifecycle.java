package dev.ordinal.registry.admission;

import java.util.Set;

import org.springframework.stereotype.Component;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/**
 * Upstream's NamespaceLifecycle plugin: nothing is created in a namespace that does not exist
 * (404 for the namespace) or is being terminated (403), and its immortal namespaces
 * ({@code default}, {@code kube-system}, {@code kube-public}) are never deleted (403). It checks in
 * the validating phase, after the kind's validation, so an object that is invalid anyway is
 * reported invalid first, as this server always has.
 */
@Component
class NamespaceLifecycle implements ValidatingPlugin {

    private static final GroupResource NAMESPACES = new GroupResource("", "namespaces");
    private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    private final ObjectStore store;

    NamespaceLifecycle(ObjectStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "NamespaceLifecycle";
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE || operation == Operation.DELETE;
    }

    @Override
    public boolean handles(ResourceDefinition definition, String subresource) {
        return (definition.namespaced() || definition.groupResource().equals(NAMESPACES)) && subresource.isEmpty();
    }

    @Override
    public void validate(AdmissionAttributes attributes) {
        if (attributes.operation() == Operation.DELETE) {
            if (attributes.resource().equals(NAMESPACES) && IMMORTAL.contains(attributes.name())) {
                throw StatusError.forbidden(NAMESPACES, attributes.name(), "this namespace may not be deleted");
            }
            return;
        }
        if (!attributes.definition().namespaced()) {
            return;
        }
        String namespace = attributes.namespace();
        Unstructured ns = store.get(NAMESPACES, "", namespace)
                .orElseThrow(() -> StatusError.notFound(NAMESPACES, namespace));
        if (ns.isBeingDeleted() || "Terminating".equals(ns.json().path("status").path("phase").asString(""))) {
            throw StatusError.forbidden(attributes.resource(), attributes.name(), "unable to create new content in "
                    + "namespace " + namespace + " because it is being terminated");
        }
    }
}
