package dev.ordinal.controller.volume;

import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The volume plugins of the simulated cluster, as the PV controller's plugin manager sees them.
 * {@code ordinal.dev/hostpath} stands in for upstream's in-tree hostpath provisioner: it
 * provisions a hostPath volume per claim and deletes the volumes it provisioned (there is no data
 * to remove). Statically created volumes are deleted or recycled as upstream's in-tree plugins
 * would: hostPath under /tmp only, and no deleter for other sources.
 */
final class VolumePlugins {

    static final String HOSTPATH_PROVISIONER = "ordinal.dev/hostpath";
    /** Where provisioned volumes live: under /tmp, the only place upstream's hostPath deleter accepts. */
    static final String HOSTPATH_BASE = "/tmp/hostpath-provisioner";
    /** The access modes of the hostPath plugin, for claims that ask for none. */
    static final String READ_WRITE_ONCE = "ReadWriteOnce";

    private static final String IN_TREE_PREFIX = "kubernetes.io/";
    private static final Pattern HOSTPATH_DELETABLE = Pattern.compile("/tmp/.+");

    private VolumePlugins() {
    }

    /** Who provisions volumes of a class. */
    sealed interface Provisioning permits InTree, External, NoPlugin {
    }

    record InTree() implements Provisioning {
    }

    /** A provisioner outside the controller; the claim waits for it (or for an administrator). */
    record External() implements Provisioning {
    }

    /** An in-tree name without a plugin, e.g. kubernetes.io/no-provisioner. */
    record NoPlugin(String message) implements Provisioning {
    }

    /** How a released volume with the Delete policy goes. */
    sealed interface Deletion permits Deletable, DeletedExternally, NotDeletable {
    }

    record Deletable() implements Deletion {
    }

    record DeletedExternally() implements Deletion {
    }

    record NotDeletable(String message) implements Deletion {
    }

    /** Upstream's findProvisionablePlugin: names outside kubernetes.io/ are external provisioners. */
    static Provisioning provisioning(StorageClass storageClass) {
        String provisioner = VolumeFields.orEmpty(storageClass.getProvisioner());
        if (provisioner.equals(HOSTPATH_PROVISIONER)) {
            return new InTree();
        }
        if (!provisioner.startsWith(IN_TREE_PREFIX)) {
            return new External();
        }
        return new NoPlugin("no volume plugin matched name: " + provisioner);
    }

    /** Upstream's findDeletablePlugin and the deleter it finds. */
    static Deletion deletion(PersistentVolume volume) {
        String provisionedBy = volume.getMetadata().getAnnotations().getOrDefault(Annotations.PROVISIONED_BY, "");
        if (provisionedBy.equals(HOSTPATH_PROVISIONER)) {
            return new Deletable();
        }
        if (!provisionedBy.isEmpty() && !provisionedBy.startsWith(IN_TREE_PREFIX)) {
            return new DeletedExternally();
        }
        PersistentVolumeSpec spec = VolumeFields.spec(volume);
        if (spec.getCsi() != null) {
            return new DeletedExternally();
        }
        if (spec.getHostPath() != null) {
            String path = VolumeFields.orEmpty(spec.getHostPath().getPath());
            return HOSTPATH_DELETABLE.matcher(path).find() ? new Deletable()
                    : new NotDeletable("host_path deleter only supports /tmp/.+ but received provided " + path);
        }
        return new NotDeletable("error getting deleter volume plugin for volume \"" + volume.getMetadata().getName()
                + "\": no deletable volume plugin matched");
    }

    /** Upstream's in-tree recyclers: hostPath and NFS volumes. */
    static boolean recyclable(PersistentVolume volume) {
        return VolumeFields.spec(volume).getHostPath() != null || VolumeFields.spec(volume).getNfs() != null;
    }

    /** The name of the volume provisioned for a claim: {@code pvc-<claim uid>}. */
    static String provisionedName(PersistentVolumeClaim claim) {
        return "pvc-" + claim.getMetadata().getUid();
    }

    /**
     * The PersistentVolume provisioned for a claim, bound to it as upstream's
     * provisionClaimOperation creates it: the claim's request and access modes, the class's
     * reclaim policy, a claimRef at the claim's current resourceVersion, and the provisioned-by
     * and bound-by-controller annotations.
     */
    static ObjectNode provision(PersistentVolumeClaim claim, StorageClass storageClass) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode volume = json.objectNode();
        volume.put("apiVersion", "v1");
        volume.put("kind", "PersistentVolume");
        ObjectNode metadata = volume.putObject("metadata");
        metadata.put("name", provisionedName(claim));
        metadata.putObject("annotations")
                .put(Annotations.BOUND_BY_CONTROLLER, "yes")
                .put(Annotations.PROVISIONED_BY, HOSTPATH_PROVISIONER);
        ObjectNode spec = volume.putObject("spec");
        spec.putObject("capacity").put(VolumeFields.STORAGE, VolumeFields.request(claim).toString());
        spec.putObject("hostPath").put("path", HOSTPATH_BASE + "/" + claim.getMetadata().getNamespace() + "/"
                + claim.getMetadata().getName());
        var accessModes = spec.putArray("accessModes");
        if (VolumeFields.accessModes(claim).isEmpty()) {
            accessModes.add(READ_WRITE_ONCE);
        } else {
            VolumeFields.accessModes(claim).forEach(accessModes::add);
        }
        spec.putObject("claimRef")
                .put("kind", "PersistentVolumeClaim")
                .put("namespace", claim.getMetadata().getNamespace())
                .put("name", claim.getMetadata().getName())
                .put("uid", claim.getMetadata().getUid())
                .put("apiVersion", "v1")
                .put("resourceVersion", claim.getMetadata().getResourceVersion());
        spec.put("persistentVolumeReclaimPolicy", StorageClasses.reclaimPolicy(storageClass));
        spec.put("storageClassName", StorageClasses.of(claim));
        spec.put("volumeMode", VolumeFields.volumeMode(claim));
        return volume;
    }
}
