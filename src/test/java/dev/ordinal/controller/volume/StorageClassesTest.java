package dev.ordinal.controller.volume;

import java.util.List;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import org.junit.jupiter.api.Test;

import static dev.ordinal.controller.volume.Fixtures.claim;
import static dev.ordinal.controller.volume.Fixtures.storageClass;
import static org.assertj.core.api.Assertions.assertThat;

class StorageClassesTest {

    @Test
    void theNewestDefaultClassIsTheDefault() {
        StorageClass older = defaultClass("older", "2024-01-01T00:00:00Z");
        StorageClass newer = defaultClass("newer", "2024-06-01T00:00:00Z");
        StorageClass plain = storageClass("plain", "ordinal.dev/hostpath", "Immediate");
        assertThat(StorageClasses.defaultClass(List.of(older, plain, newer))).contains(newer);
        assertThat(StorageClasses.defaultClass(List.of(plain))).isEmpty();
    }

    private static StorageClass defaultClass(String name, String created) {
        return new StorageClassBuilder(storageClass(name, "ordinal.dev/hostpath", "Immediate")).editMetadata()
                .withCreationTimestamp(created).addToAnnotations("storageclass.kubernetes.io/is-default-class", "true")
                .endMetadata().build();
    }

    @Test
    void theBetaAnnotationWinsOverStorageClassNameAndAnEmptyNameIsAClass() {
        var annotated = new PersistentVolumeClaimBuilder(claim("data", "fast", "1Gi")).editMetadata()
                .addToAnnotations("volume.beta.kubernetes.io/storage-class", "slow").endMetadata().build();
        assertThat(StorageClasses.of(annotated)).isEqualTo("slow");
        assertThat(StorageClasses.named(claim("data", "", "1Gi"))).isTrue();
        assertThat(StorageClasses.named(claim("data", null, "1Gi"))).isFalse();
    }
}
