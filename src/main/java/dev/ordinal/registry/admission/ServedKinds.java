package dev.ordinal.registry.admission;

import java.util.List;
import java.util.Optional;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The served kinds by apiVersion and kind, as admission needs them to find a policy's paramKind,
 * and by resource, to find the versions a rule may match with matchPolicy Equivalent; the
 * registry's index of kinds provides it, so admission does not depend on the registry that runs it.
 */
public interface ServedKinds {

    Optional<ResourceDefinition> byKind(String apiVersion, String kind);

    /**
     * Every served version of a resource, preferred first: upstream's equivalent resources of it
     * (one storage, several versions, as a CustomResourceDefinition's).
     */
    List<ResourceDefinition> versions(GroupResource resource);
}
