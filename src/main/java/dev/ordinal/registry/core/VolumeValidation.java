package dev.ordinal.registry.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.JsonFields;

import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Upstream's {@code ValidatePersistentVolumeClaimSpec} and {@code ValidatePersistentVolumeSpec}:
 * access modes, storage sizes, classes, volume modes and exactly one volume source.
 */
final class VolumeValidation {

    /** The access modes a volume or claim may use, sorted as upstream lists them. */
    private static final List<String> ACCESS_MODES =
            List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    private static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
    private static final List<String> RECLAIM_POLICIES = List.of("Delete", "Recycle", "Retain");
    private static final List<String> HOST_PATH_TYPES = List.of("", "BlockDevice", "CharDevice", "Directory",
            "DirectoryOrCreate", "File", "FileOrCreate", "Socket");
    /**
     * The persistent volume sources in upstream's order, each with the path segment of its
     * "more than 1" error ({@code cephFS}); flexVolume is counted but never reported as extra.
     */
    static final Map<String, String> SOURCES = sourcesInOrder(
            "hostPath", "hostPath", "gcePersistentDisk", "gcePersistentDisk",
            "awsElasticBlockStore", "awsElasticBlockStore", "glusterfs", "glusterfs", "flocker", "flocker",
            "nfs", "nfs", "rbd", "rbd", "quobyte", "quobyte", "cephfs", "cephFS", "iscsi", "iscsi",
            "cinder", "cinder", "fc", "fc", "flexVolume", "", "azureFile", "azureFile",
            "vsphereVolume", "vsphereVolume", "photonPersistentDisk", "photonPersistentDisk",
            "portworxVolume", "portworxVolume", "azureDisk", "azureDisk", "scaleIO", "scaleIO",
            "local", "local", "storageos", "storageos", "csi", "csi");

    private VolumeValidation() {
    }

    static List<FieldError> claimSpec(JsonNode spec, String path) {
        List<FieldError> errors = new ArrayList<>(accessModes(spec, path, "at least 1 access mode is required"));
        String storagePath = path + ".resources[storage]";
        JsonNode storage = spec.path("resources").path("requests").get("storage");
        if (storage == null) {
            errors.add(FieldError.required(storagePath, ""));
        } else {
            errors.addAll(Quantities.positive(storagePath, storage));
        }
        errors.addAll(className(spec, "storageClassName", path));
        errors.addAll(volumeMode(spec, path));
        for (String reference : List.of("dataSource", "dataSourceRef")) {
            if (spec.get(reference) instanceof ObjectNode source) {
                errors.addAll(dataSource(source, path + "." + reference));
            }
        }
        return errors;
    }

    static List<FieldError> volumeSpec(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>(accessModes(spec, "spec", ""));
        JsonNode capacity = spec.path("capacity");
        if (capacity.isEmpty()) {
            errors.add(FieldError.required("spec.capacity", ""));
        }
        if (!capacity.has("storage") || capacity.size() > 1) {
            Object value = capacity.isEmpty() ? new GoLiteral("core.ResourceList(nil)") : capacity;
            errors.add(FieldError.notSupported("spec.capacity", value, List.of("storage")));
        }
        capacity.properties().forEach(entry -> {
            String capacityPath = "spec.capacity[" + entry.getKey() + "]";
            BigDecimal amount = Quantities.amount(entry.getValue());
            if (amount != null && amount.signum() < 0) {
                errors.add(FieldError.invalid(capacityPath, amount.longValue(), "must be a valid resource quantity"));
            }
            errors.addAll(Quantities.positive(capacityPath, entry.getValue()));
        });
        String reclaimPolicy = text(spec, "persistentVolumeReclaimPolicy");
        if (!reclaimPolicy.isEmpty() && !RECLAIM_POLICIES.contains(reclaimPolicy)) {
            errors.add(FieldError.notSupported("spec.persistentVolumeReclaimPolicy", reclaimPolicy, RECLAIM_POLICIES));
        }
        boolean nodeAffinity = false;
        if (spec.path("nodeAffinity").get("required") instanceof ObjectNode required) {
            nodeAffinity = true;
            if (required.path("nodeSelectorTerms").isEmpty()) {
                errors.add(FieldError.required("spec.nodeAffinity.required.nodeSelectorTerms",
                        "must have at least one node selector term"));
            }
        }
        errors.addAll(source(spec, nodeAffinity));
        // Upstream cleans the path first, so "//" is the root as well.
        if (text(spec.path("hostPath"), "path").matches("/+") && reclaimPolicy.equals("Recycle")) {
            errors.add(FieldError.forbidden("spec.persistentVolumeReclaimPolicy",
                    "may not be 'recycle' for a hostPath mount of '/'"));
        }
        errors.addAll(className(spec, "storageClassName", "spec"));
        errors.addAll(volumeMode(spec, "spec"));
        return errors;
    }

    /** Upstream's access mode checks, shared by claims and volumes. */
    private static List<FieldError> accessModes(JsonNode spec, String path, String requiredDetail) {
        List<FieldError> errors = new ArrayList<>();
        List<String> modes = JsonFields.strings(spec, "accessModes");
        if (modes.isEmpty()) {
            errors.add(FieldError.required(path + ".accessModes", requiredDetail));
        }
        boolean readWriteOncePod = false;
        boolean others = false;
        for (String mode : modes) {
            if (!ACCESS_MODES.contains(mode)) {
                errors.add(FieldError.notSupported(path + ".accessModes", mode, ACCESS_MODES));
            } else if (mode.equals("ReadWriteOncePod")) {
                readWriteOncePod = true;
            } else {
                others = true;
            }
        }
        if (readWriteOncePod && others) {
            errors.add(FieldError.forbidden(path + ".accessModes", "may not use ReadWriteOncePod with other access modes"));
        }
        return errors;
    }

    private static List<FieldError> source(JsonNode spec, boolean nodeAffinity) {
        List<FieldError> errors = new ArrayList<>();
        int sources = 0;
        for (var source : SOURCES.entrySet()) {
            if (!(spec.get(source.getKey()) instanceof ObjectNode details)) {
                continue;
            }
            if (sources++ > 0 && !source.getValue().isEmpty()) {
                errors.add(FieldError.forbidden("spec." + source.getValue(), "may not specify more than 1 volume type"));
                continue;
            }
            String path = "spec." + source.getKey();
            switch (source.getKey()) {
                case "hostPath" -> {
                    errors.addAll(localPath(details, path));
                    String type = text(details, "type");
                    if (!text(details, "path").isEmpty() && !HOST_PATH_TYPES.contains(type)) {
                        errors.add(FieldError.notSupported(path + ".type", type, HOST_PATH_TYPES));
                    }
                }
                case "local" -> {
                    errors.addAll(localPath(details, path));
                    if (!nodeAffinity) {
                        errors.add(FieldError.required("spec.nodeAffinity", "Local volume requires node affinity"));
                    }
                }
                case "nfs" -> {
                    if (isUnset(details, "server")) {
                        errors.add(FieldError.required(path + ".server", ""));
                    }
                    String nfsPath = text(details, "path");
                    if (nfsPath.isEmpty()) {
                        errors.add(FieldError.required(path + ".path", ""));
                    }
                    if (!nfsPath.startsWith("/")) {
                        errors.add(FieldError.invalid(path + ".path", nfsPath, "must be an absolute path"));
                    }
                }
                case "csi" -> {
                    String driver = text(details, "driver");
                    if (driver.isEmpty()) {
                        errors.add(FieldError.required(path + ".driver", ""));
                    } else {
                        Formats.dns1123Subdomain(driver.toLowerCase(Locale.ROOT)).forEach(problem ->
                                errors.add(FieldError.invalid(path + ".driver", driver, problem)));
                    }
                    if (isUnset(details, "volumeHandle")) {
                        errors.add(FieldError.required(path + ".volumeHandle", ""));
                    }
                }
                default -> {
                }
            }
        }
        if (sources == 0) {
            errors.add(FieldError.required("spec", "must specify a volume type"));
        }
        return errors;
    }

    /** A path on the node: required, without {@code ..} steps. */
    private static List<FieldError> localPath(JsonNode details, String path) {
        String value = text(details, "path");
        if (value.isEmpty()) {
            return List.of(FieldError.required(path + ".path", ""));
        }
        return List.of(value.split("/")).contains("..")
                ? List.of(FieldError.invalid(path + ".path", value, "must not contain '..'")) : List.of();
    }

    private static List<FieldError> className(JsonNode spec, String field, String path) {
        String value = text(spec, field);
        if (value.isEmpty()) {
            return List.of();
        }
        return Formats.dns1123Subdomain(value).stream()
                .map(problem -> FieldError.invalid(path + "." + field, value, problem)).toList();
    }

    private static List<FieldError> volumeMode(JsonNode spec, String path) {
        if (!spec.has("volumeMode") || spec.get("volumeMode").isNull()) {
            return List.of();
        }
        String mode = text(spec, "volumeMode");
        return VOLUME_MODES.contains(mode) ? List.of()
                : List.of(FieldError.notSupported(path + ".volumeMode", mode, VOLUME_MODES));
    }

    private static List<FieldError> dataSource(ObjectNode source, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (isUnset(source, "name")) {
            errors.add(FieldError.required(path + ".name", ""));
        }
        String kind = text(source, "kind");
        if (kind.isEmpty()) {
            errors.add(FieldError.required(path + ".kind", ""));
        }
        if (isUnset(source, "apiGroup") && !kind.equals("PersistentVolumeClaim")) {
            errors.add(FieldError.invalid(path, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
        }
        return errors;
    }

    private static Map<String, String> sourcesInOrder(String... keysAndPaths) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < keysAndPaths.length; i += 2) {
            sources.put(keysAndPaths[i], keysAndPaths[i + 1]);
        }
        return sources;
    }
}
