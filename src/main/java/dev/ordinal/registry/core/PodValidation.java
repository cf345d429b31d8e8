package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.JsonFields;
import dev.ordinal.machinery.MetaValidation;
import dev.ordinal.machinery.Unstructured;

import static dev.ordinal.machinery.JsonFields.copy;
import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Validation of a Pod as upstream's {@code ValidatePodCreate}, {@code ValidatePodUpdate} and
 * {@code ValidatePodStatusUpdate}, for the fields a pod of this emulator carries: spec-wide fields,
 * volumes, tolerations and the rule that an existing pod may change only its images, active
 * deadline, tolerations (by addition) and scheduling gates (by removal).
 */
public final class PodValidation {

    /** The fields upstream's update message names, joined as it joins them (no space after the comma). */
    private static final String UPDATABLE_FIELDS = String.join(",",
            "`spec.containers[*].image`",
            "`spec.initContainers[*].image`",
            "`spec.activeDeadlineSeconds`",
            "`spec.tolerations` (only additions to existing tolerations)",
            "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)");
    private static final int MAX_INT32 = Integer.MAX_VALUE;
    /**
     * Volume sources in upstream's order, each with the path segment its "more than 1" error uses,
     * typos included ({@code downwarAPI}, {@code cephFS}).
     */
    private static final Map<String, String> VOLUME_SOURCES = sourcesInOrder(
            "emptyDir", "emptyDir", "hostPath", "hostPath", "gitRepo", "gitRepo",
            "gcePersistentDisk", "gcePersistentDisk", "awsElasticBlockStore", "awsElasticBlockStore",
            "secret", "secret", "nfs", "nfs", "iscsi", "iscsi", "glusterfs", "glusterfs", "flocker", "flocker",
            "persistentVolumeClaim", "persistentVolumeClaim", "rbd", "rbd", "cinder", "cinder", "cephfs", "cephFS",
            "quobyte", "quobyte", "downwardAPI", "downwarAPI", "fc", "fc", "flexVolume", "flexVolume",
            "configMap", "configMap", "azureFile", "azureFile", "vsphereVolume", "vsphereVolume",
            "photonPersistentDisk", "photonPersistentDisk", "portworxVolume", "portworxVolume",
            "azureDisk", "azureDisk", "storageos", "storageos", "projected", "projected", "scaleIO", "scaleIO",
            "csi", "csi", "ephemeral", "ephemeral", "image", "image");

    private PodValidation() {
    }

    static List<FieldError> validateCreate(Unstructured pod) {
        List<FieldError> errors = metadataAndSpec(pod);
        JsonNode spec = pod.json().path("spec");
        if (!spec.path("ephemeralContainers").isEmpty()) {
            errors.add(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
        if (!text(spec, "nodeName").isEmpty() && !spec.path("schedulingGates").isEmpty()) {
            errors.add(FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }
        return errors;
    }

    static List<FieldError> validateUpdate(Unstructured pod, Unstructured old) {
        List<FieldError> errors = metadataAndSpec(pod);
        JsonNode spec = pod.json().path("spec");
        JsonNode oldSpec = old.json().path("spec");
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> containers = objects(spec, list);
            if (containers.size() != objects(oldSpec, list).size()) {
                errors.add(FieldError.forbidden("spec." + list, "pod updates may not add or remove containers"));
                return errors;
            }
            for (int i = 0; i < containers.size(); i++) {
                String image = text(containers.get(i), "image");
                String path = "spec." + list + "[" + i + "].image";
                if (image.isEmpty()) {
                    errors.add(FieldError.required(path, ""));
                }
                if (!image.equals(image.strip())) {
                    errors.add(FieldError.invalid(path, image, "must not have leading or trailing whitespace"));
                }
            }
        }
        JsonNode deadline = spec.path("activeDeadlineSeconds");
        JsonNode oldDeadline = oldSpec.path("activeDeadlineSeconds");
        if (deadline.isNumber()) {
            long value = deadline.asLong();
            if (value < 0 || value > MAX_INT32) {
                errors.add(FieldError.invalid("spec.activeDeadlineSeconds", value,
                        "must be between 0 and " + MAX_INT32 + ", inclusive"));
                return errors;
            }
            if (oldDeadline.isNumber() && oldDeadline.asLong() < value) {
                errors.add(FieldError.invalid("spec.activeDeadlineSeconds", value,
                        "must be less than or equal to previous value"));
                return errors;
            }
        } else if (oldDeadline.isNumber()) {
            errors.add(FieldError.invalid("spec.activeDeadlineSeconds", null,
                    "must not update from a positive integer to nil value"));
        }
        errors.addAll(onlyAddedTolerations(spec, oldSpec));
        errors.addAll(onlyDeletedSchedulingGates(spec, oldSpec));
        if (!SemanticEquality.equal(mutableFieldsReverted(spec, oldSpec), oldSpec)) {
            errors.add(FieldError.forbidden("spec", "pod updates may not change fields other than " + UPDATABLE_FIELDS));
        }
        return errors;
    }

    /**
     * Upstream {@code ValidatePodTemplateSpec} for a workload's pod template at {@code path}: its
     * labels and annotations (at paths without the {@code metadata} segment, as upstream's) and its
     * pod spec, as a pod's would be validated.
     */
    public static List<FieldError> validateTemplate(JsonNode template, String path) {
        Unstructured asPod = new Unstructured(template.isObject() ? ((ObjectNode) template).deepCopy()
                : JsonNodeFactory.instance.objectNode());
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(MetaValidation.validateLabels(asPod.labels(), path + ".labels"));
        errors.addAll(MetaValidation.validateAnnotations(asPod.annotations(), path + ".annotations"));
        for (FieldError error : metadataAndSpec(asPod)) {
            errors.add(new FieldError(error.type(), path + "." + error.field(), error.badValue(), error.detail()));
        }
        if (!template.path("spec").path("ephemeralContainers").isEmpty()) {
            errors.add(FieldError.forbidden(path + ".spec.ephemeralContainers",
                    "ephemeral containers not allowed in pod template"));
        }
        return errors;
    }

    /** Upstream {@code ValidatePodStatusUpdate}. */
    static List<FieldError> validateStatusUpdate(Unstructured pod, Unstructured old) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode status = pod.json().path("status");
        JsonNode oldStatus = old.json().path("status");
        List<ObjectNode> conditions = objects(status, "conditions");
        for (int i = 0; i < conditions.size(); i++) {
            String type = text(conditions.get(i), "type");
            if (!List.of("PodScheduled", "Ready", "Initialized").contains(type)) {
                // Upstream roots this path at metadata.
                String path = "metadata.conditions[" + i + "].Type";
                Formats.qualifiedName(type).forEach(problem -> errors.add(FieldError.invalid(path, type, problem)));
            }
        }
        String nominated = text(status, "nominatedNodeName");
        if (!nominated.isEmpty() && !nominated.equals(text(oldStatus, "nominatedNodeName"))) {
            Formats.dns1123Subdomain(nominated).forEach(problem ->
                    errors.add(FieldError.invalid("status.nominatedNodeName", nominated, problem)));
        }
        String qosClass = text(status, "qosClass");
        if (!qosClass.equals(text(oldStatus, "qosClass"))) {
            errors.add(FieldError.invalid("status.qosClass", qosClass, "field is immutable"));
        }
        String restartPolicy = text(old.json().path("spec"), "restartPolicy");
        errors.addAll(stateTransitions(status, oldStatus, "containerStatuses", restartPolicy));
        errors.addAll(stateTransitions(status, oldStatus, "initContainerStatuses", restartPolicy));
        errors.addAll(ips(status, "podIPs", "podIP", false));
        errors.addAll(ips(status, "hostIPs", "hostIP", true));
        return errors;
    }

    private static List<FieldError> metadataAndSpec(Unstructured pod) {
        JsonNode spec = pod.json().path("spec");
        List<FieldError> errors = new ArrayList<>();
        if (!spec.path("terminationGracePeriodSeconds").isNumber()) {
            errors.add(FieldError.required("spec.terminationGracePeriodSeconds", ""));
        }
        Set<String> volumes = volumes(spec, errors);
        errors.addAll(ContainerValidation.containers(spec, volumes));
        errors.addAll(ContainerValidation.initContainers(spec, volumes));
        if (spec.path("hostNetwork").asBoolean(false)) {
            List<ObjectNode> containers = objects(spec, "containers");
            for (int i = 0; i < containers.size(); i++) {
                List<ObjectNode> ports = objects(containers.get(i), "ports");
                for (int j = 0; j < ports.size(); j++) {
                    long hostPort = ports.get(j).path("hostPort").asLong(0);
                    if (hostPort != ports.get(j).path("containerPort").asLong(0)) {
                        errors.add(FieldError.invalid("spec.containers[" + i + "].ports[" + j + "].hostPort", hostPort,
                                "must match `containerPort` when `hostNetwork` is true"));
                    }
                }
            }
        }
        errors.addAll(oneOf(spec, "restartPolicy", List.of("Always", "OnFailure", "Never")));
        errors.addAll(oneOf(spec, "dnsPolicy", List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")));
        errors.addAll(MetaValidation.validateLabels(spec.path("nodeSelector"), "spec.nodeSelector"));
        errors.addAll(dnsConfig(spec));
        errors.addAll(subdomain(spec, "serviceAccountName"));
        errors.addAll(subdomain(spec, "nodeName"));
        JsonNode deadline = spec.path("activeDeadlineSeconds");
        if (deadline.isNumber() && (deadline.asLong() < 1 || deadline.asLong() > MAX_INT32)) {
            errors.add(FieldError.invalid("spec.activeDeadlineSeconds", deadline.asLong(),
                    "must be between 1 and " + MAX_INT32 + ", inclusive"));
        }
        for (String field : List.of("hostname", "subdomain")) {
            String value = text(spec, field);
            if (!value.isEmpty()) {
                Formats.dns1123Label(value).forEach(problem ->
                        errors.add(FieldError.invalid("spec." + field, value, problem)));
            }
        }
        errors.addAll(tolerations(objects(spec, "tolerations"), "spec.tolerations"));
        errors.addAll(subdomain(spec, "priorityClassName"));
        if (spec.has("preemptionPolicy") && !spec.get("preemptionPolicy").isNull()) {
            errors.addAll(oneOf(spec, "preemptionPolicy", List.of("PreemptLowerPriority", "Never")));
        }
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> containers = objects(spec, list);
            for (int i = 0; i < containers.size(); i++) {
                String image = text(containers.get(i), "image");
                if (!image.equals(image.strip())) {
                    errors.add(FieldError.invalid("spec." + list + "[" + i + "].image", image,
                            "must not have leading or trailing whitespace"));
                }
            }
        }
        return errors;
    }

    /** Upstream {@code ValidateVolumes}; answers the names of the valid volumes, which mounts may use. */
    private static Set<String> volumes(JsonNode spec, List<FieldError> errors) {
        Set<String> names = new HashSet<>();
        List<ObjectNode> volumes = objects(spec, "volumes");
        for (int i = 0; i < volumes.size(); i++) {
            ObjectNode volume = volumes.get(i);
            String path = "spec.volumes[" + i + "]";
            List<FieldError> volumeErrors = new ArrayList<>(volumeSource(volume, path));
            String name = text(volume, "name");
            if (name.isEmpty()) {
                volumeErrors.add(FieldError.required(path + ".name", ""));
            } else {
                Formats.dns1123Label(name).forEach(problem ->
                        volumeErrors.add(FieldError.invalid(path + ".name", name, problem)));
            }
            if (names.contains(name)) {
                volumeErrors.add(FieldError.duplicate(path + ".name", name));
            }
            if (volumeErrors.isEmpty()) {
                names.add(name);
            }
            errors.addAll(volumeErrors);
        }
        return names;
    }

    private static List<FieldError> volumeSource(ObjectNode volume, String path) {
        List<FieldError> errors = new ArrayList<>();
        int sources = 0;
        for (var source : VOLUME_SOURCES.entrySet()) {
            if (!(volume.get(source.getKey()) instanceof ObjectNode details)) {
                continue;
            }
            if (sources++ > 0) {
                errors.add(FieldError.forbidden(path + "." + source.getValue(), "may not specify more than 1 volume type"));
                continue;
            }
            String sourcePath = path + "." + source.getKey();
            switch (source.getKey()) {
                case "hostPath" -> {
                    String hostPath = text(details, "path");
                    if (hostPath.isEmpty()) {
                        errors.add(FieldError.required(sourcePath + ".path", ""));
                    } else if (List.of(hostPath.split("/")).contains("..")) {
                        errors.add(FieldError.invalid(sourcePath + ".path", hostPath, "must not contain '..'"));
                    }
                }
                case "secret" -> requireText(details, "secretName", sourcePath, errors);
                case "configMap" -> requireText(details, "name", sourcePath, errors);
                case "persistentVolumeClaim" -> requireText(details, "claimName", sourcePath, errors);
                default -> {
                }
            }
        }
        if (sources == 0) {
            errors.add(FieldError.required(path, "must specify a volume type"));
        }
        return errors;
    }

    private static void requireText(JsonNode object, String field, String path, List<FieldError> errors) {
        if (isUnset(object, field)) {
            errors.add(FieldError.required(path + "." + field, ""));
        }
    }

    /** Upstream {@code validatePodDNSConfig} for the DNS policy None. */
    private static List<FieldError> dnsConfig(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode dnsConfig = spec.path("dnsConfig");
        if (text(spec, "dnsPolicy").equals("None")) {
            if (!dnsConfig.isObject()) {
                errors.add(FieldError.required("spec.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"));
                return errors;
            }
            if (dnsConfig.path("nameservers").isEmpty()) {
                errors.add(FieldError.required("spec.dnsConfig.nameservers",
                        "must provide at least one DNS nameserver when `dnsPolicy` is None"));
                return errors;
            }
        }
        List<String> nameservers = JsonFields.strings(dnsConfig, "nameservers");
        if (nameservers.size() > 3) {
            errors.add(FieldError.invalid("spec.dnsConfig.nameservers", GoLiteral.strings(nameservers),
                    "must not have more than 3 nameservers"));
        }
        for (int i = 0; i < nameservers.size(); i++) {
            errors.addAll(Formats.ip("spec.dnsConfig.nameservers[" + i + "]", nameservers.get(i)));
        }
        return errors;
    }

    /** Upstream {@code ValidateTolerations}. */
    static List<FieldError> tolerations(List<ObjectNode> tolerations, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < tolerations.size(); i++) {
            ObjectNode toleration = tolerations.get(i);
            String tolerationPath = path + "[" + i + "]";
            String key = text(toleration, "key");
            String operator = text(toleration, "operator");
            String value = text(toleration, "value");
            String effect = text(toleration, "effect");
            if (!key.isEmpty()) {
                Formats.qualifiedName(key).forEach(problem ->
                        errors.add(FieldError.invalid(tolerationPath + ".key", key, problem)));
            }
            if (key.isEmpty() && !operator.equals("Exists")) {
                errors.add(FieldError.invalid(tolerationPath + ".operator", operator,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (toleration.path("tolerationSeconds").isNumber() && !effect.equals("NoExecute")) {
                errors.add(FieldError.invalid(tolerationPath + ".effect", effect,
                        "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (operator) {
                case "Equal", "" -> {
                    List<String> problems = Formats.labelValue(value);
                    if (!problems.isEmpty()) {
                        errors.add(FieldError.invalid(tolerationPath + ".operator", value, String.join(";", problems)));
                    }
                }
                case "Exists" -> {
                    if (!value.isEmpty()) {
                        errors.add(FieldError.invalid(tolerationPath + ".operator", value,
                                "value must be empty when `operator` is 'Exists'"));
                    }
                }
                default -> errors.add(FieldError.notSupported(tolerationPath + ".operator", operator,
                        List.of("Equal", "Exists")));
            }
            if (!effect.isEmpty() && !List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                errors.add(FieldError.notSupported(tolerationPath + ".effect", effect,
                        List.of("NoSchedule", "PreferNoSchedule", "NoExecute")));
            }
        }
        return errors;
    }

    /**
     * Upstream {@code validateOnlyAddedTolerations}: every old toleration is still there, unchanged
     * but for its tolerationSeconds.
     */
    private static List<FieldError> onlyAddedTolerations(JsonNode spec, JsonNode oldSpec) {
        List<ObjectNode> tolerations = objects(spec, "tolerations");
        for (ObjectNode old : objects(oldSpec, "tolerations")) {
            boolean found = tolerations.stream().anyMatch(toleration -> {
                ObjectNode clone = old.deepCopy();
                clone.remove("tolerationSeconds");
                ObjectNode candidate = toleration.deepCopy();
                candidate.remove("tolerationSeconds");
                return SemanticEquality.equal(clone, candidate);
            });
            if (!found) {
                return List.of(FieldError.forbidden("spec.tolerations",
                        "existing toleration can not be modified except its tolerationSeconds"));
            }
        }
        // Upstream validates the new tolerations here once more; metadataAndSpec already did.
        return List.of();
    }

    private static List<FieldError> onlyDeletedSchedulingGates(JsonNode spec, JsonNode oldSpec) {
        Set<String> oldGates = new HashSet<>();
        objects(oldSpec, "schedulingGates").forEach(gate -> oldGates.add(text(gate, "name")));
        List<FieldError> errors = new ArrayList<>();
        List<ObjectNode> gates = objects(spec, "schedulingGates");
        for (int i = 0; i < gates.size(); i++) {
            String name = text(gates.get(i), "name");
            if (!oldGates.contains(name)) {
                errors.add(FieldError.forbidden("spec.schedulingGates[" + i + "].name",
                        "only deletion is allowed, but found new scheduling gate '" + name + "'"));
            }
        }
        return errors;
    }

    /**
     * The new spec with every field a pod may change put back to its old value, so that what
     * remains different is what may not change.
     */
    private static JsonNode mutableFieldsReverted(JsonNode spec, JsonNode oldSpec) {
        ObjectNode reverted = spec instanceof ObjectNode object ? object.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (String list : List.of("containers", "initContainers")) {
            List<ObjectNode> containers = objects(reverted, list);
            List<ObjectNode> oldContainers = objects(oldSpec, list);
            for (int i = 0; i < containers.size(); i++) {
                copy(oldContainers.get(i), containers.get(i), "image");
            }
        }
        for (String field : List.of("activeDeadlineSeconds", "schedulingGates", "tolerations")) {
            copy(oldSpec, reverted, field);
        }
        JsonNode oldGrace = oldSpec.path("terminationGracePeriodSeconds");
        if (oldGrace.isNumber() && oldGrace.asLong() < 0 && reverted.path("terminationGracePeriodSeconds").asLong(0) == 1) {
            copy(oldSpec, reverted, "terminationGracePeriodSeconds");
        }
        return reverted;
    }

    /**
     * Upstream {@code ValidateContainerStateTransition}: unless the pod restarts its containers, a
     * terminated container stays terminated.
     */
    private static List<FieldError> stateTransitions(JsonNode status, JsonNode oldStatus, String list,
                                                     String restartPolicy) {
        List<FieldError> errors = new ArrayList<>();
        if (restartPolicy.equals("Always")) {
            return errors;
        }
        List<ObjectNode> oldStatuses = objects(oldStatus, list);
        for (int i = 0; i < oldStatuses.size(); i++) {
            JsonNode terminated = oldStatuses.get(i).path("state").path("terminated");
            if (!terminated.isObject()
                    || terminated.path("exitCode").asLong(0) != 0 && restartPolicy.equals("OnFailure")) {
                continue;
            }
            String name = text(oldStatuses.get(i), "name");
            for (ObjectNode current : objects(status, list)) {
                if (text(current, "name").equals(name) && !current.path("state").path("terminated").isObject()) {
                    errors.add(FieldError.forbidden("status." + list + "[" + i + "].state",
                            "may not be transitioned to non-terminated state"));
                }
            }
        }
        return errors;
    }

    /**
     * Upstream {@code validatePodIPs} and {@code validateHostIPs}: valid addresses, at most one per
     * family, no duplicates, and the first host IP equal to {@code hostIP}.
     */
    private static List<FieldError> ips(JsonNode status, String list, String single, boolean firstMatchesSingle) {
        List<FieldError> errors = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        objects(status, list).forEach(ip -> ips.add(text(ip, "ip")));
        if (ips.isEmpty()) {
            return errors;
        }
        String path = "status." + list;
        if (firstMatchesSingle && !ips.get(0).equals(text(status, single))) {
            errors.add(FieldError.invalid(path + "[0].ip", ips.get(0), "must be equal to `" + single + "`"));
        }
        for (int i = 0; i < ips.size(); i++) {
            errors.addAll(Formats.ip(path + "[" + i + "]", ips.get(i)));
        }
        if (ips.size() > 1) {
            long ipv4 = ips.stream().filter(ip -> !ip.contains(":")).count();
            if (ips.size() > 2 || ipv4 != 1) {
                errors.add(FieldError.invalid(path, status.path(list), "may specify no more than one IP for each IP family"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ips.size(); i++) {
                if (!seen.add(ips.get(i))) {
                    errors.add(FieldError.duplicate(path + "[" + i + "]", status.path(list).get(i)));
                }
            }
        }
        return errors;
    }

    private static List<FieldError> oneOf(JsonNode spec, String field, List<String> supported) {
        String value = text(spec, field);
        if (value.isEmpty()) {
            return List.of(FieldError.required("spec." + field, ""));
        }
        return supported.contains(value) ? List.of()
                : List.of(FieldError.notSupported("spec." + field, value, supported));
    }

    private static List<FieldError> subdomain(JsonNode spec, String field) {
        String value = text(spec, field);
        if (value.isEmpty()) {
            return List.of();
        }
        return Formats.dns1123Subdomain(value).stream()
                .map(problem -> FieldError.invalid("spec." + field, value, problem)).toList();
    }

    private static Map<String, String> sourcesInOrder(String... keysAndPaths) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < keysAndPaths.length; i += 2) {
            sources.put(keysAndPaths[i], keysAndPaths[i + 1]);
        }
        return sources;
    }
}
