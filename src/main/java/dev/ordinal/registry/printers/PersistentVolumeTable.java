package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get persistentvolumes}: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM
 * STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE, wide VOLUMEMODE.
 */
public final class PersistentVolumeTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Capacity", "Size of the volume."),
            Column.string("Access Modes", "How the volume may be mounted: RWO, ROX, RWX, RWOP."),
            Column.string("Reclaim Policy", "What becomes of the volume once its claim is released."),
            Column.string("Status", "Phase of the volume (Available, Bound, Released, Failed), or Terminating."),
            Column.string("Claim", "The claim bound to the volume, as namespace/name."),
            Column.string("StorageClass", "The storage class the volume belongs to."),
            Column.string("VolumeAttributesClass", "The volume attributes class the volume is set to."),
            Column.string("Reason", "Why the volume is in its phase, where a reason was recorded."),
            Columns.AGE,
            Column.wide("VolumeMode", "Whether the volume is a filesystem or a raw block device."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured volume, Instant now) {
        JsonNode spec = volume.at("spec");
        JsonNode claimRef = spec.path("claimRef");
        String claim = claimRef.isObject()
                ? Fields.text(claimRef, "namespace") + "/" + Fields.text(claimRef, "name") : "";
        String phase = volume.isBeingDeleted() ? "Terminating" : Fields.text(volume.at("status.phase"));
        return List.of(volume.name(),
                Fields.textOr(spec.path("capacity").path("storage"), "0"),
                Volumes.accessModes(spec.path("accessModes")),
                Fields.text(spec, "persistentVolumeReclaimPolicy"),
                phase,
                claim,
                Volumes.storageClass(volume),
                Fields.textOr(spec.path("volumeAttributesClassName"), "<unset>"),
                Fields.text(volume.at("status.reason")),
                Timestamps.age(volume, now),
                Fields.textOr(spec.path("volumeMode"), "<unset>"));
    }
}
