package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get persistentvolumeclaims}: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
 * VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE.
 */
public final class PersistentVolumeClaimTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Status", "Phase of the claim (Pending, Bound, Lost), or Terminating."),
            Column.string("Volume", "The persistent volume the claim is bound to."),
            Column.string("Capacity", "Size of the bound volume."),
            Column.string("Access Modes", "How the bound volume may be mounted: RWO, ROX, RWX, RWOP."),
            Column.string("StorageClass", "The storage class the claim asks for."),
            Column.string("VolumeAttributesClass", "The volume attributes class the claim asks for."),
            Columns.AGE,
            Column.wide("VolumeMode", "Whether the claim wants a filesystem or a raw block device."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured claim, Instant now) {
        JsonNode spec = claim.at("spec");
        String phase = claim.isBeingDeleted() ? "Terminating" : Fields.text(claim.at("status.phase"));
        String volumeName = Fields.text(spec, "volumeName");
        // Capacity and access modes are those of the volume, so they show once a volume is named.
        String capacity = "";
        String accessModes = "";
        if (!volumeName.isEmpty()) {
            capacity = Fields.textOr(claim.at("status.capacity.storage"), "0");
            accessModes = Volumes.accessModes(claim.at("status.accessModes"));
        }
        return List.of(claim.name(), phase, volumeName, capacity, accessModes, Volumes.storageClass(claim),
                Fields.textOr(spec.path("volumeAttributesClassName"), "<unset>"),
                Timestamps.age(claim, now),
                Fields.textOr(spec.path("volumeMode"), "<unset>"));
    }
}
