package dev.ordinal.registry.admission;

import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * One of upstream's admission plugins: its name places it in the chain's fixed order
 * ({@link AdmissionChain#ORDER}); {@link #handles(Operation)} is upstream's
 * {@code admission.Handler}, and {@link #handles(ResourceDefinition, String)} says which
 * resources and subresources it looks at, so it never runs for the others. A plugin takes part in
 * the mutating phase as a {@link MutatingPlugin}, in the validating phase as a
 * {@link ValidatingPlugin}, or both, as upstream's {@code MutationInterface} and
 * {@code ValidationInterface}.
 */
public interface AdmissionPlugin {

    /** The plugin's name in upstream's plugin list, e.g. {@code DefaultStorageClass}. */
    String name();

    boolean handles(Operation operation);

    boolean handles(ResourceDefinition definition, String subresource);
}
