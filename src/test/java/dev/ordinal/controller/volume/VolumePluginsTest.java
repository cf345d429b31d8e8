package dev.ordinal.controller.volume;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.ordinal.controller.volume.Fixtures.claim;
import static dev.ordinal.controller.volume.Fixtures.storageClass;
import static dev.ordinal.controller.volume.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

class VolumePluginsTest {

    @Test
    void aProvisionedVolumeIsBoundToItsClaimWithTheClassesReclaimPolicy() {
        PersistentVolumeClaim claim = claim("data", "keep", "3Gi", "ReadWriteOnce");
        StorageClass keep = new StorageClassBuilder(storageClass("keep", "ordinal.dev/hostpath", "Immediate"))
                .withReclaimPolicy("Retain").build();

        JsonNode volume = VolumePlugins.provision(claim, keep);

        assertThat(volume.toString()).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolume\","
                + "\"metadata\":{\"name\":\"pvc-uid-data\",\"annotations\":{\"pv.kubernetes.io/bound-by-controller\":"
                + "\"yes\",\"pv.kubernetes.io/provisioned-by\":\"ordinal.dev/hostpath\"}},"
                + "\"spec\":{\"capacity\":{\"storage\":\"3Gi\"},"
                + "\"hostPath\":{\"path\":\"/tmp/hostpath-provisioner/default/data\"},"
                + "\"accessModes\":[\"ReadWriteOnce\"],\"claimRef\":{\"kind\":\"PersistentVolumeClaim\","
                + "\"namespace\":\"default\",\"name\":\"data\",\"uid\":\"uid-data\",\"apiVersion\":\"v1\","
                + "\"resourceVersion\":\"1\"},\"persistentVolumeReclaimPolicy\":\"Retain\","
                + "\"storageClassName\":\"keep\",\"volumeMode\":\"Filesystem\"}}");
    }

    @Test
    void volumesAreDeletedByThePluginThatProvisionedThemOrByTheirSource() {
        PersistentVolume provisioned = new PersistentVolumeBuilder(volume("pv", "standard", "1Gi")).editMetadata()
                .addToAnnotations("pv.kubernetes.io/provisioned-by", "ordinal.dev/hostpath").endMetadata().build();
        assertThat(VolumePlugins.deletion(provisioned)).isEqualTo(new VolumePlugins.Deletable());
        PersistentVolume external = new PersistentVolumeBuilder(volume("pv", "csi", "1Gi")).editMetadata()
                .addToAnnotations("pv.kubernetes.io/provisioned-by", "csi.example.com").endMetadata().build();
        assertThat(VolumePlugins.deletion(external)).isEqualTo(new VolumePlugins.DeletedExternally());
        assertThat(VolumePlugins.deletion(volume("static", "manual", "1Gi"))).isEqualTo(new VolumePlugins.NotDeletable(
                "host_path deleter only supports /tmp/.+ but received provided /data/static"));
        PersistentVolume nfs = new PersistentVolumeBuilder(volume("nfs", "manual", "1Gi")).editSpec()
                .withHostPath(null).withNewNfs().withServer("nfs.example.com").withPath("/export").endNfs()
                .endSpec().build();
        assertThat(VolumePlugins.deletion(nfs)).isEqualTo(new VolumePlugins.NotDeletable(
                "error getting deleter volume plugin for volume \"nfs\": no deletable volume plugin matched"));
    }
}
