package dev.ordinal.registry.printers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/** What the rows of persistent volumes and their claims read alike. */
final class Volumes {

    private Volumes() {
    }

    /** Access modes in their short forms, in upstream's fixed order whatever order the list has. */
    static String accessModes(JsonNode modes) {
        Set<String> present = new HashSet<>();
        Fields.items(modes).forEach(mode -> present.add(Fields.text(mode)));
        List<String> shortForms = new ArrayList<>();
        if (present.contains("ReadWriteOnce")) {
            shortForms.add("RWO");
        }
        if (present.contains("ReadOnlyMany")) {
            shortForms.add("ROX");
        }
        if (present.contains("ReadWriteMany")) {
            shortForms.add("RWX");
        }
        if (present.contains("ReadWriteOncePod")) {
            shortForms.add("RWOP");
        }
        return String.join(",", shortForms);
    }

    /** The storage class: the beta annotation, where present, wins over spec.storageClassName. */
    static String storageClass(Unstructured volumeOrClaim) {
        String annotated = volumeOrClaim.annotations().get("volume.beta.kubernetes.io/storage-class");
        return annotated != null ? annotated : Fields.text(volumeOrClaim.at("spec.storageClassName"));
    }
}
