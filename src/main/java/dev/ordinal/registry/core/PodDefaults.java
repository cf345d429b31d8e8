package dev.ordinal.registry.core;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.JsonFields;

import static dev.ordinal.machinery.JsonFields.defaultNumber;
import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.object;
import static dev.ordinal.machinery.JsonFields.objects;

/**
 * The scheme defaults of a Pod, as upstream's {@code SetDefaults_Pod}, {@code SetDefaults_PodSpec},
 * {@code SetDefaults_Container}, {@code SetDefaults_Volume}, {@code SetDefaults_Probe} and the
 * generated defaulters apply them on every decode. Admission (service account, priority,
 * tolerations) is the strategy's business, not the scheme's.
 */
final class PodDefaults {

    static final long DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
    /** The file mode upstream gives secret, configMap, downwardAPI and projected volumes: 0644. */
    private static final int DEFAULT_VOLUME_MODE = 420;
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");

    private PodDefaults() {
    }

    static void apply(ObjectNode pod) {
        ObjectNode spec = object(pod, "spec");
        applyToSpec(spec);
        // Pod only, not pod templates: requests default to limits, so a pod that only limits is Guaranteed.
        for (String list : List.of("containers", "initContainers")) {
            for (ObjectNode container : objects(spec, list)) {
                JsonNode limits = container.path("resources").path("limits");
                if (limits.isObject() && !limits.isEmpty()) {
                    ObjectNode requests = object(object(container, "resources"), "requests");
                    limits.properties().forEach(limit -> {
                        if (!requests.has(limit.getKey())) {
                            requests.set(limit.getKey(), limit.getValue().deepCopy());
                        }
                    });
                }
            }
        }
        if (!spec.path("enableServiceLinks").isBoolean()) {
            spec.put("enableServiceLinks", true);
        }
        if (spec.path("hostNetwork").asBoolean(false)) {
            for (String list : List.of("containers", "initContainers")) {
                for (ObjectNode container : objects(spec, list)) {
                    for (ObjectNode port : objects(container, "ports")) {
                        long containerPort = port.path("containerPort").asLong(0);
                        if (containerPort != 0) {
                            defaultNumber(port, "hostPort", containerPort);
                        }
                    }
                }
            }
        }
    }

    private static void applyToSpec(ObjectNode spec) {
        defaultText(spec, "dnsPolicy", "ClusterFirst");
        defaultText(spec, "restartPolicy", "Always");
        if (!spec.path("securityContext").isObject()) {
            spec.putObject("securityContext");
        }
        if (!spec.path("terminationGracePeriodSeconds").isNumber()) {
            spec.put("terminationGracePeriodSeconds", DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
        }
        defaultText(spec, "schedulerName", "default-scheduler");
        for (String list : CONTAINER_LISTS) {
            objects(spec, list).forEach(PodDefaults::applyToContainer);
        }
        objects(spec, "volumes").forEach(PodDefaults::applyToVolume);
    }

    private static void applyToContainer(ObjectNode container) {
        if (isUnset(container, "imagePullPolicy")) {
            String tag = imageTag(JsonFields.text(container, "image"));
            container.put("imagePullPolicy", tag.equals("latest") ? "Always" : "IfNotPresent");
        }
        defaultText(container, "terminationMessagePath", "/dev/termination-log");
        defaultText(container, "terminationMessagePolicy", "File");
        for (ObjectNode port : objects(container, "ports")) {
            defaultText(port, "protocol", "TCP");
        }
        // Go writes the resources struct even when empty.
        object(container, "resources");
        for (ObjectNode env : objects(container, "env")) {
            if (env.path("valueFrom").path("fieldRef") instanceof ObjectNode fieldRef) {
                defaultText(fieldRef, "apiVersion", "v1");
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (container.get(probe) instanceof ObjectNode handler) {
                defaultNumber(handler, "timeoutSeconds", 1);
                defaultNumber(handler, "periodSeconds", 10);
                defaultNumber(handler, "successThreshold", 1);
                defaultNumber(handler, "failureThreshold", 3);
                applyToHttpGet(handler);
            }
        }
        for (String hook : List.of("postStart", "preStop")) {
            if (container.path("lifecycle").get(hook) instanceof ObjectNode handler) {
                applyToHttpGet(handler);
            }
        }
    }

    private static void applyToHttpGet(ObjectNode handler) {
        if (handler.get("httpGet") instanceof ObjectNode httpGet) {
            defaultText(httpGet, "path", "/");
            defaultText(httpGet, "scheme", "HTTP");
        }
    }

    private static void applyToVolume(ObjectNode volume) {
        if (volume.propertyNames().stream().allMatch(name -> name.equals("name"))) {
            volume.putObject("emptyDir");
        }
        for (String source : List.of("secret", "configMap", "downwardAPI", "projected")) {
            if (volume.get(source) instanceof ObjectNode files) {
                defaultNumber(files, "defaultMode", DEFAULT_VOLUME_MODE);
                applyToDownwardApiItems(files);
            }
        }
        if (volume.get("hostPath") instanceof ObjectNode hostPath && !hostPath.has("type")) {
            hostPath.put("type", "");
        }
        for (ObjectNode source : objects(volume.path("projected"), "sources")) {
            if (source.get("serviceAccountToken") instanceof ObjectNode token) {
                defaultNumber(token, "expirationSeconds", 3600);
            }
            if (source.get("downwardAPI") instanceof ObjectNode downwardApi) {
                applyToDownwardApiItems(downwardApi);
            }
        }
        if (volume.path("ephemeral").path("volumeClaimTemplate").get("spec") instanceof ObjectNode claim) {
            defaultText(claim, "volumeMode", "Filesystem");
        }
    }

    private static void applyToDownwardApiItems(ObjectNode source) {
        for (ObjectNode item : objects(source, "items")) {
            if (item.get("fieldRef") instanceof ObjectNode fieldRef) {
                defaultText(fieldRef, "apiVersion", "v1");
            }
        }
    }

    /**
     * The tag of an image reference as upstream's {@code parsers.ParseImageName} finds it:
     * {@code latest} when neither tag nor digest is given, empty with a digest only or when
     * there is no image.
     */
    static String imageTag(String image) {
        if (image.isEmpty()) {
            return "";
        }
        int at = image.indexOf('@');
        String name = at < 0 ? image : image.substring(0, at);
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            return name.substring(colon + 1);
        }
        return at < 0 ? "latest" : "";
    }
}
