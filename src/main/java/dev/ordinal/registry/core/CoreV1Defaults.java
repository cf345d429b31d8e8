package dev.ordinal.registry.core;

import java.util.List;
import java.util.function.Consumer;

import tools.jackson.databind.node.ObjectNode;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.isNull;
import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.struct;

/**
 * The defaults upstream's scheme gives the core/v1 types other kinds embed (pod templates,
 * persistent volume claims): {@code pkg/apis/core/v1/defaults.go} and the generated
 * {@code SetObjectDefaults_*} walk over the nested structs, applied to JSON so that an object keeps
 * the shape it was sent in. A field counts as unset the way Go decodes it: absent or {@code null}
 * for pointers, and also {@code ""} or {@code 0} for plain strings and numbers.
 *
 * <p>A few values appear in upstream's output although no defaulting function sets them: Go always
 * serialises a struct-typed field, so an unset one shows as {@code {}} ({@code resources}), and an
 * unset {@code metav1.Time} as {@code null} (a template's {@code creationTimestamp}). These are
 * added here too, since clients see them in every object a real server returns. Numbers are
 * written as JSON ints, as a parsed body has them, so that a defaulted object equals a stored one.
 */
public final class CoreV1Defaults {

    /** Every source a {@code VolumeSource} can name; a volume naming none gets an emptyDir. */
    private static final List<String> VOLUME_SOURCES = List.of("hostPath", "emptyDir", "gcePersistentDisk",
            "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs", "persistentVolumeClaim", "rbd",
            "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
            "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO",
            "storageos", "csi", "ephemeral", "image");
    /** {@code 0644}, the file mode secret, configMap, downwardAPI and projected volumes default to. */
    private static final int DEFAULT_FILE_MODE = 420;

    private CoreV1Defaults() {
    }

    /** A {@code PodTemplateSpec}: its metadata as Go serialises it, and its pod spec defaulted. */
    public static void applyToPodTemplateSpec(ObjectNode template) {
        ObjectNode metadata = struct(template, "metadata");
        if (metadata != null && !metadata.has("creationTimestamp")) {
            metadata.putNull("creationTimestamp");
        }
        ObjectNode spec = struct(template, "spec");
        if (spec != null) {
            applyToPodSpec(spec);
        }
    }

    /** A {@code PodSpec}: {@code SetDefaults_PodSpec} and the defaults of its volumes and containers. */
    public static void applyToPodSpec(ObjectNode spec) {
        defaultText(spec, "dnsPolicy", "ClusterFirst");
        defaultText(spec, "restartPolicy", "Always");
        if (isNull(spec, "securityContext")) {
            spec.putObject("securityContext");
        }
        if (isNull(spec, "terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", 30);
        }
        defaultText(spec, "schedulerName", "default-scheduler");
        for (ObjectNode volume : objects(spec, "volumes")) {
            applyToVolume(volume);
        }
        for (String containers : List.of("initContainers", "containers", "ephemeralContainers")) {
            for (ObjectNode container : objects(spec, containers)) {
                applyToContainer(container);
            }
        }
    }

    /** A {@code PersistentVolumeClaim}: phase Pending, and its spec defaulted. */
    public static void applyToPersistentVolumeClaim(ObjectNode claim) {
        ObjectNode spec = struct(claim, "spec");
        if (spec != null) {
            applyToPersistentVolumeClaimSpec(spec);
        }
        ObjectNode status = struct(claim, "status");
        if (status != null) {
            defaultText(status, "phase", "Pending");
        }
    }

    /** A {@code PersistentVolumeClaimSpec}: volumeMode Filesystem, and resources as Go always writes it. */
    public static void applyToPersistentVolumeClaimSpec(ObjectNode spec) {
        setIfNull(spec, "volumeMode", "Filesystem");
        struct(spec, "resources");
    }

    private static void applyToVolume(ObjectNode volume) {
        if (VOLUME_SOURCES.stream().allMatch(source -> isNull(volume, source))) {
            volume.putObject("emptyDir");
        }
        ifPresent(volume, "hostPath", hostPath -> setIfNull(hostPath, "type", ""));
        for (String withMode : List.of("secret", "configMap", "downwardAPI", "projected")) {
            ifPresent(volume, withMode, source -> {
                if (isNull(source, "defaultMode")) {
                    source.put("defaultMode", DEFAULT_FILE_MODE);
                }
            });
        }
        ifPresent(volume, "downwardAPI", CoreV1Defaults::applyToDownwardApiItems);
        ifPresent(volume, "projected", projected -> {
            for (ObjectNode projection : objects(projected, "sources")) {
                ifPresent(projection, "downwardAPI", CoreV1Defaults::applyToDownwardApiItems);
                ifPresent(projection, "serviceAccountToken", token -> {
                    if (isNull(token, "expirationSeconds")) {
                        token.put("expirationSeconds", 3600);
                    }
                });
            }
        });
        ifPresent(volume, "iscsi", iscsi -> defaultText(iscsi, "iscsiInterface", "default"));
        ifPresent(volume, "rbd", rbd -> {
            defaultText(rbd, "pool", "rbd");
            defaultText(rbd, "user", "admin");
            defaultText(rbd, "keyring", "/etc/ceph/keyring");
        });
        ifPresent(volume, "azureDisk", azureDisk -> {
            setIfNull(azureDisk, "cachingMode", "ReadWrite");
            setIfNull(azureDisk, "kind", "Shared");
            setIfNull(azureDisk, "fsType", "ext4");
            if (isNull(azureDisk, "readOnly")) {
                azureDisk.put("readOnly", false);
            }
        });
        ifPresent(volume, "scaleIO", scaleIO -> {
            defaultText(scaleIO, "storageMode", "ThinProvisioned");
            defaultText(scaleIO, "fsType", "xfs");
        });
        ifPresent(volume, "ephemeral", ephemeral -> ifPresent(ephemeral, "volumeClaimTemplate", claimTemplate -> {
            ObjectNode claimSpec = struct(claimTemplate, "spec");
            if (claimSpec != null) {
                applyToPersistentVolumeClaimSpec(claimSpec);
            }
        }));
    }

    private static void applyToDownwardApiItems(ObjectNode downwardApi) {
        for (ObjectNode item : objects(downwardApi, "items")) {
            ifPresent(item, "fieldRef", CoreV1Defaults::applyToFieldRef);
        }
    }

    private static void applyToContainer(ObjectNode container) {
        if (isUnset(container, "imagePullPolicy")) {
            String image = container.path("image").asString("");
            boolean latest = ImageReference.tag(image).filter("latest"::equals).isPresent();
            container.put("imagePullPolicy", latest ? "Always" : "IfNotPresent");
        }
        defaultText(container, "terminationMessagePath", "/dev/termination-log");
        defaultText(container, "terminationMessagePolicy", "File");
        for (ObjectNode port : objects(container, "ports")) {
            defaultText(port, "protocol", "TCP");
        }
        for (ObjectNode env : objects(container, "env")) {
            ifPresent(env, "valueFrom", valueFrom -> ifPresent(valueFrom, "fieldRef", CoreV1Defaults::applyToFieldRef));
        }
        struct(container, "resources");
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            ifPresent(container, probe, CoreV1Defaults::applyToProbe);
        }
        ifPresent(container, "lifecycle", lifecycle -> {
            for (String hook : List.of("postStart", "preStop")) {
                ifPresent(lifecycle, hook, handler -> ifPresent(handler, "httpGet", CoreV1Defaults::applyToHttpGet));
            }
        });
    }

    private static void applyToProbe(ObjectNode probe) {
        setIfZero(probe, "timeoutSeconds", 1);
        setIfZero(probe, "periodSeconds", 10);
        setIfZero(probe, "successThreshold", 1);
        setIfZero(probe, "failureThreshold", 3);
        ifPresent(probe, "httpGet", CoreV1Defaults::applyToHttpGet);
        ifPresent(probe, "grpc", grpc -> setIfNull(grpc, "service", ""));
    }

    private static void applyToHttpGet(ObjectNode httpGet) {
        defaultText(httpGet, "path", "/");
        defaultText(httpGet, "scheme", "HTTP");
    }

    private static void applyToFieldRef(ObjectNode fieldRef) {
        defaultText(fieldRef, "apiVersion", "v1");
    }

    /** Defaults a pointer-typed field's struct, if it is set: upstream leaves a nil pointer nil. */
    private static void ifPresent(ObjectNode parent, String field, Consumer<ObjectNode> defaults) {
        if (parent.get(field) instanceof ObjectNode object) {
            defaults.accept(object);
        }
    }

    /** A pointer field: only a missing value is unset. */
    private static void setIfNull(ObjectNode node, String field, String value) {
        if (isNull(node, field)) {
            node.put(field, value);
        }
    }

    /** A plain number field: Go cannot tell {@code 0} from unset. */
    private static void setIfZero(ObjectNode node, String field, int value) {
        if (isNull(node, field) || node.get(field).isNumber() && node.get(field).asLong() == 0) {
            node.put(field, value);
        }
    }
}
