package dev.ordinal.registry;

/**
 * Objects a fresh server has before anyone asked for them: the system namespaces, the simulated
 * nodes, the default StorageClass. Their makers create them at start, and again after
 * {@link ClusterReset} emptied the store.
 */
public interface BootObjects {

    /** Creates whichever of the objects are missing, through the registry as any client would. */
    void create();
}
