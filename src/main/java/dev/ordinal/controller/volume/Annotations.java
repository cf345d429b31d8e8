package dev.ordinal.controller.volume;

/** The annotations and finalizers of upstream's volume binding, provisioning and protection. */
final class Annotations {

    /** On a claim: binding has completed once; tells a bound claim from a new one. */
    static final String BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
    /** On a volume or claim: the controller, not the user, made the binding. */
    static final String BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
    /** On a volume: the plugin that provisioned it. */
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    /** On a claim: the provisioner expected to provision it. */
    static final String STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
    static final String BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
    /** On a claim of a WaitForFirstConsumer class: the node its first consumer was scheduled to. */
    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    /** The deprecated annotation form of storageClassName, on claims and volumes; it wins over the field. */
    static final String BETA_STORAGE_CLASS = "volume.beta.kubernetes.io/storage-class";

    /** Keeps a claim while a pod uses it. */
    static final String PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
    /** Keeps a volume while it is bound. */
    static final String PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection";

    private Annotations() {
    }
}
