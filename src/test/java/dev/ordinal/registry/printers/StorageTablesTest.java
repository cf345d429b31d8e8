package dev.ordinal.registry.printers;

import static dev.ordinal.registry.printers.Rows.ago;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;

/** PersistentVolumeClaims, PersistentVolumes and StorageClasses. */
class StorageTablesTest {

    @Test
    void boundClaimShowsItsVolumesCapacityAndModes() {
        PersistentVolumeClaimTable table = new PersistentVolumeClaimTable();
        assertThat(Rows.headers(table)).isEqualTo(
                "NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE | VOLUMEMODE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "www-web-0", "creationTimestamp": "%s"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                          "storageClassName": "standard", "volumeName": "pvc-1234", "volumeMode": "Filesystem"},
                 "status": {"phase": "Bound", "capacity": {"storage": "2Gi"},
                            "accessModes": ["ReadWriteMany", "ReadWriteOnce", "ReadWriteOnce"]}}"""
                .formatted(ago("PT9M30S"))))
                .containsExactly(entry("Name", "www-web-0"), entry("Status", "Bound"), entry("Volume", "pvc-1234"),
                        entry("Capacity", "2Gi"), entry("Access Modes", "RWO,RWX"), entry("StorageClass", "standard"),
                        entry("VolumeAttributesClass", "<unset>"), entry("Age", "9m30s"),
                        entry("VolumeMode", "Filesystem"));
    }

    @Test
    void pendingClaimShowsNoCapacityOrModes() {
        assertThat(Rows.row(new PersistentVolumeClaimTable(), """
                {"metadata": {"name": "data"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
                 "status": {"phase": "Pending"}}"""))
                .containsEntry("Status", "Pending").containsEntry("Volume", "").containsEntry("Capacity", "")
                .containsEntry("Access Modes", "").containsEntry("StorageClass", "")
                .containsEntry("VolumeMode", "<unset>");
    }

    @Test
    void deletedClaimIsTerminatingAndTheBetaAnnotationNamesItsClass() {
        assertThat(Rows.row(new PersistentVolumeClaimTable(), """
                {"metadata": {"name": "data", "deletionTimestamp": "%s",
                              "annotations": {"volume.beta.kubernetes.io/storage-class": "legacy"}},
                 "spec": {"storageClassName": "standard", "volumeAttributesClassName": "gold", "volumeName": "pv-1"},
                 "status": {"phase": "Bound"}}""".formatted(Rows.NOW)))
                .containsEntry("Status", "Terminating").containsEntry("StorageClass", "legacy")
                .containsEntry("VolumeAttributesClass", "gold").containsEntry("Capacity", "0");
    }

    @Test
    void volumeShowsItsClaimAndPolicy() {
        PersistentVolumeTable table = new PersistentVolumeTable();
        assertThat(Rows.headers(table)).isEqualTo("NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM "
                + "STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE | VOLUMEMODE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "pvc-1234", "creationTimestamp": "%s"},
                 "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadOnlyMany", "ReadWriteOncePod"],
                          "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "standard",
                          "claimRef": {"namespace": "default", "name": "www-web-0"}, "volumeMode": "Block"},
                 "status": {"phase": "Released", "reason": "ClaimDeleted"}}""".formatted(ago("P3DT4H"))))
                .containsExactly(entry("Name", "pvc-1234"), entry("Capacity", "1Gi"),
                        entry("Access Modes", "ROX,RWOP"), entry("Reclaim Policy", "Retain"),
                        entry("Status", "Released"), entry("Claim", "default/www-web-0"),
                        entry("StorageClass", "standard"), entry("VolumeAttributesClass", "<unset>"),
                        entry("Reason", "ClaimDeleted"), entry("Age", "3d4h"), entry("VolumeMode", "Block"));
    }

    @Test
    void unclaimedVolumeWithoutCapacity() {
        assertThat(Rows.row(new PersistentVolumeTable(), """
                {"metadata": {"name": "pv", "deletionTimestamp": "%s"}, "spec": {}, "status": {"phase": "Available"}}"""
                .formatted(Rows.NOW)))
                .containsEntry("Claim", "").containsEntry("Capacity", "0").containsEntry("Status", "Terminating")
                .containsEntry("Access Modes", "");
    }

    @Test
    void defaultStorageClassIsMarkedAndUnsetFieldsShowTheirDefaults() {
        StorageClassTable table = new StorageClassTable();
        assertThat(Rows.headers(table))
                .isEqualTo("NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE");
        assertThat(Rows.row(table, """
                {"metadata": {"name": "standard", "creationTimestamp": "%s",
                              "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
                 "provisioner": "rancher.io/local-path"}""".formatted(ago("P400D"))))
                .containsExactly(entry("Name", "standard (default)"), entry("Provisioner", "rancher.io/local-path"),
                        entry("ReclaimPolicy", "Delete"), entry("VolumeBindingMode", "Immediate"),
                        entry("AllowVolumeExpansion", false), entry("Age", "400d"));
    }

    @Test
    void storageClassWithEveryFieldSet() {
        assertThat(Rows.row(new StorageClassTable(), """
                {"metadata": {"name": "fast",
                              "annotations": {"storageclass.beta.kubernetes.io/is-default-class": "True"}},
                 "provisioner": "ebs.csi.aws.com", "reclaimPolicy": "Retain",
                 "volumeBindingMode": "WaitForFirstConsumer", "allowVolumeExpansion": true}"""))
                .containsEntry("Name", "fast").containsEntry("ReclaimPolicy", "Retain")
                .containsEntry("VolumeBindingMode", "WaitForFirstConsumer")
                .containsEntry("AllowVolumeExpansion", true);
    }
}
