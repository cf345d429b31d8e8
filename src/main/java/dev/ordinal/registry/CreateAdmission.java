package dev.ordinal.registry;

import dev.ordinal.machinery.Unstructured;

/**
 * A mutating admission step on create, the counterpart of upstream's admission plugins that
 * change new objects (DefaultStorageClass, StorageObjectInUseProtection). As upstream's chain runs
 * between decoding and the registry, it sees the object defaulted and changes it before the
 * kind's create preparation and validation. Every bean of this type takes part.
 */
public interface CreateAdmission {

    void admit(ResourceDefinition definition, Unstructured object);
}
