package dev.ordinal.registry.admission;

import java.util.Optional;

import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The served kinds by apiVersion and kind, as admission needs them to find a policy's paramKind;
 * the registry's index of kinds provides it, so admission does not depend on the registry that
 * runs it.
 */
public interface ServedKinds {

    Optional<ResourceDefinition> byKind(String apiVersion, String kind);
}
