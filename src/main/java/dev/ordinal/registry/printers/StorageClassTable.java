package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get storageclasses}: NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE
 * ALLOWVOLUMEEXPANSION AGE, the default class's name marked {@code (default)}.
 */
public final class StorageClassTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Provisioner", "The volume plugin or CSI driver that creates volumes of this class."),
            Column.string("ReclaimPolicy", "What becomes of a volume of this class once its claim is gone."),
            Column.string("VolumeBindingMode",
                    "When claims of this class are bound: at once, or when a pod first uses them."),
            Column.string("AllowVolumeExpansion", "Whether claims of this class may grow after creation."),
            Columns.AGE);

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured storageClass, Instant now) {
        String name = isDefault(storageClass) ? storageClass.name() + " (default)" : storageClass.name();
        return List.of(name,
                Fields.text(storageClass.at("provisioner")),
                Fields.textOr(storageClass.at("reclaimPolicy"), "Delete"),
                Fields.textOr(storageClass.at("volumeBindingMode"), "Immediate"),
                Fields.isTrue(storageClass.at("allowVolumeExpansion")),
                Timestamps.age(storageClass, now));
    }

    /** The GA annotation or its beta predecessor, either set to exactly "true". */
    private static boolean isDefault(Unstructured storageClass) {
        Map<String, String> annotations = storageClass.annotations();
        return "true".equals(annotations.get("storageclass.kubernetes.io/is-default-class"))
                || "true".equals(annotations.get("storageclass.beta.kubernetes.io/is-default-class"));
    }
}
