package dev.ordinal.kubelet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;

import dev.ordinal.kubelet.container.FileNode;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoText;

/**
 * The contents of pods' volumes, kept where their lifetimes say: an emptyDir lives and dies with
 * its pod (one directory per pod uid and volume, shared by the pod's containers); a
 * persistentVolumeClaim's files belong to the PersistentVolume it is bound to (one directory per
 * PV uid), so what {@code web-0} wrote is there again when {@code web-0} is recreated and bound to
 * the same volume, and gone with the volume. configMap, secret, downwardAPI and projected volumes
 * (a ServiceAccount token among their sources) are rendered read-only from their sources when the
 * container starts, and again when the sources or the pod's labels and annotations change.
 * Contents are held in memory: they do not survive a restart of the server.
 *
 * <p>A volume whose source is missing cannot be set up: {@link #setUpFailure} says why, with the
 * kubelet's message, and the kubelet does not start the pod until it can.
 */
final class PodVolumes {

    /** What the kubelet sees of the objects volumes come from. */
    interface Sources extends ContainerEnvironment.Sources {
        Optional<Unstructured> claim(String namespace, String name);

        Optional<Unstructured> persistentVolume(String name);

        /**
         * A token of the pod's ServiceAccount bound to the pod, as the kubelet requests it for a
         * projected serviceAccountToken source; an empty audience is the API server's own.
         */
        String serviceAccountToken(Unstructured pod, String audience, long expirationSeconds);
    }

    private final Map<String, FileNode.Directory> emptyDirs = new ConcurrentHashMap<>();
    private final Map<String, FileNode.Directory> persistentVolumes = new ConcurrentHashMap<>();
    private final Map<String, FileNode.Directory> unboundClaims = new ConcurrentHashMap<>();
    private final Map<String, FileNode.Directory> rendered = new ConcurrentHashMap<>();

    /** The directory of the pod's volume {@code name}, or nothing when it cannot be provided (yet). */
    Optional<FileNode.Directory> volume(Unstructured pod, String name, Sources sources, Instant now) {
        for (JsonNode volume : pod.json().path("spec").path("volumes")) {
            if (!volume.path("name").asString("").equals(name)) {
                continue;
            }
            if (volume.has("emptyDir")) {
                return Optional.of(emptyDirs.computeIfAbsent(pod.uid() + "/" + name,
                        key -> new FileNode.Directory(0777, now)));
            }
            if (volume.has("persistentVolumeClaim")) {
                String claim = volume.path("persistentVolumeClaim").path("claimName").asString("");
                return sources.claim(pod.namespace(), claim).map(pvc -> claimed(pvc, sources, now));
            }
            // One directory per pod and volume, shared by its containers, so an update reaches them all.
            return render(pod, volume, sources, now).map(fresh -> rendered.merge(pod.uid() + "/" + name, fresh,
                    (mounted, again) -> {
                        mounted.replaceEntries(again);
                        return mounted;
                    }));
        }
        return Optional.empty();
    }

    /**
     * Renders the pod's configMap, secret, downwardAPI and projected volumes again from their
     * sources, in place, as the kubelet's sync updates them when a source or the pod's metadata
     * changed. A {@code subPath} mount keeps the files it was given, as upstream's does.
     */
    void refresh(Unstructured pod, Sources sources, Instant now) {
        for (JsonNode volume : pod.json().path("spec").path("volumes")) {
            FileNode.Directory mounted = rendered.get(pod.uid() + "/" + volume.path("name").asString(""));
            if (mounted != null) {
                render(pod, volume, sources, now).ifPresent(mounted::replaceEntries);
            }
        }
    }

    /** The files of a volume the kubelet renders from API objects; empty for any other volume, or a missing source. */
    private static Optional<FileNode.Directory> render(Unstructured pod, JsonNode volume, Sources sources,
                                                       Instant now) {
        if (volume.has("configMap")) {
            JsonNode source = volume.path("configMap");
            return sources.configMap(pod.namespace(), source.path("name").asString(""))
                    .map(map -> projected(map.json().path("data"), source, false, now));
        }
        if (volume.has("secret")) {
            JsonNode source = volume.path("secret");
            return sources.secret(pod.namespace(), source.path("secretName").asString(""))
                    .map(secret -> projected(secret.json().path("data"), source, true, now));
        }
        if (volume.has("downwardAPI")) {
            FileNode.Directory directory = new FileNode.Directory(0755, now, true);
            downwardApi(pod, volume.path("downwardAPI"), volume.path("downwardAPI").path("defaultMode").asInt(0644),
                    directory, now);
            return Optional.of(directory);
        }
        if (volume.has("projected")) {
            return Optional.of(projectedVolume(pod, volume.path("projected"), sources, now));
        }
        return Optional.empty();
    }

    /**
     * Why the kubelet cannot set up one of the pod's volumes now, as its FailedMount event says it
     * ({@code MountVolume.SetUp failed for volume "<volume>" : <reason>}); empty when all can be.
     * Only sources that are not optional count.
     */
    static Optional<String> setUpFailure(Unstructured pod, Sources sources) {
        for (JsonNode volume : pod.json().path("spec").path("volumes")) {
            Optional<String> reason = Optional.empty();
            if (volume.has("configMap")) {
                reason = missing(pod, volume.path("configMap"), "name", false, sources);
            } else if (volume.has("secret")) {
                reason = missing(pod, volume.path("secret"), "secretName", true, sources);
            } else if (volume.has("projected")) {
                for (JsonNode source : volume.path("projected").path("sources")) {
                    if (source.has("configMap")) {
                        reason = missing(pod, source.path("configMap"), "name", false, sources);
                    } else if (source.has("secret")) {
                        reason = missing(pod, source.path("secret"), "name", true, sources);
                    } else if (source.has("serviceAccountToken")) {
                        reason = missingServiceAccount(pod, sources);
                    }
                    if (reason.isPresent()) {
                        break;
                    }
                }
            }
            if (reason.isPresent()) {
                return Optional.of("MountVolume.SetUp failed for volume \"" + volume.path("name").asString("")
                        + "\" : " + reason.get());
            }
        }
        return Optional.empty();
    }

    /** The configMap or secret volume plugins' errors: the object, or a listed key, is missing. */
    private static Optional<String> missing(Unstructured pod, JsonNode source, String nameField, boolean secret,
                                            Sources sources) {
        if (source.path("optional").asBoolean(false)) {
            return Optional.empty();
        }
        String name = source.path(nameField).asString("");
        Optional<Unstructured> object = secret ? sources.secret(pod.namespace(), name)
                : sources.configMap(pod.namespace(), name);
        if (object.isEmpty()) {
            return Optional.of((secret ? "secret" : "configmap") + " \"" + name + "\" not found");
        }
        for (JsonNode item : source.path("items")) {
            String key = item.path("key").asString("");
            JsonNode json = object.get().json();
            if (!json.path("data").has(key) && !json.path("binaryData").has(key)) {
                return Optional.of(secret ? "references non-existent secret key: " + key
                        : "configmap references non-existent config key: " + key);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> missingServiceAccount(Unstructured pod, Sources sources) {
        String account = pod.json().path("spec").path("serviceAccountName").asString("");
        return sources.serviceAccount(pod.namespace(), account).isPresent() ? Optional.empty()
                : Optional.of("failed to fetch token: serviceaccounts \"" + account + "\" not found");
    }

    /** A projected volume: each source's files in one read-only directory. */
    private static FileNode.Directory projectedVolume(Unstructured pod, JsonNode projected, Sources sources,
                                                      Instant now) {
        FileNode.Directory directory = new FileNode.Directory(0755, now, true);
        int mode = projected.path("defaultMode").asInt(0644);
        for (JsonNode source : projected.path("sources")) {
            if (source.has("serviceAccountToken")) {
                JsonNode token = source.path("serviceAccountToken");
                String value = sources.serviceAccountToken(pod, token.path("audience").asString(""),
                        token.path("expirationSeconds").asLong(3600));
                place(directory, token.path("path").asString(""),
                        new FileNode.RegularFile(value.getBytes(StandardCharsets.UTF_8), mode, now), now);
            } else if (source.has("configMap")) {
                JsonNode from = source.path("configMap");
                sources.configMap(pod.namespace(), from.path("name").asString("")).ifPresent(map ->
                        keys(map.json().path("data"), from, false, mode, directory, now));
            } else if (source.has("secret")) {
                JsonNode from = source.path("secret");
                sources.secret(pod.namespace(), from.path("name").asString("")).ifPresent(secret ->
                        keys(secret.json().path("data"), from, true, mode, directory, now));
            } else if (source.has("downwardAPI")) {
                downwardApi(pod, source.path("downwardAPI"), mode, directory, now);
            }
        }
        return directory;
    }

    /** One file per item, holding the pod field it names. */
    private static void downwardApi(Unstructured pod, JsonNode source, int mode, FileNode.Directory directory,
                                    Instant now) {
        for (JsonNode item : source.path("items")) {
            volumeField(pod, item.path("fieldRef").path("fieldPath").asString("")).ifPresent(value ->
                    place(directory, item.path("path").asString(""), new FileNode.RegularFile(
                            value.getBytes(StandardCharsets.UTF_8), item.path("mode").asInt(mode), now), now));
        }
    }

    /**
     * A downward API field as a volume file holds it: besides what the environment can hold, all
     * labels or annotations, one {@code key="value"} line each by key, as upstream's
     * {@code fieldpath.FormatMap} writes them (no newline after the last).
     */
    private static Optional<String> volumeField(Unstructured pod, String path) {
        Map<String, String> values = switch (path) {
            case "metadata.labels" -> pod.labels();
            case "metadata.annotations" -> pod.annotations();
            default -> null;
        };
        if (values == null) {
            return ContainerEnvironment.field(pod, path);
        }
        return Optional.of(new TreeMap<>(values).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + GoText.quote(entry.getValue()))
                .collect(Collectors.joining("\n")));
    }

    /**
     * The directory of a claim's volume. A pod here may start before its claim is bound (a kubelet
     * would wait for the mount): its files are then kept by the claim, and become the volume's
     * once the claim is seen bound.
     */
    private FileNode.Directory claimed(Unstructured claim, Sources sources, Instant now) {
        String volumeName = claim.json().path("spec").path("volumeName").asString("");
        Optional<Unstructured> volume = volumeName.isEmpty() ? Optional.empty() : sources.persistentVolume(volumeName);
        if (volume.isEmpty()) {
            return unboundClaims.computeIfAbsent(claim.uid(), uid -> new FileNode.Directory(0755, now));
        }
        FileNode.Directory early = unboundClaims.remove(claim.uid());
        return persistentVolumes.compute(volume.get().uid(), (uid, existing) -> existing != null ? existing
                : early != null ? early : new FileNode.Directory(0755, now));
    }

    /** A read-only directory of one file per key, or per listed item at its path. */
    private static FileNode.Directory projected(JsonNode data, JsonNode source, boolean base64, Instant now) {
        FileNode.Directory directory = new FileNode.Directory(0755, now, true);
        keys(data, source, base64, source.path("defaultMode").asInt(0644), directory, now);
        return directory;
    }

    private static void keys(JsonNode data, JsonNode source, boolean base64, int mode, FileNode.Directory directory,
                             Instant now) {
        if (source.path("items").isEmpty()) {
            data.properties().forEach(entry -> directory.put(entry.getKey(), file(entry.getValue(), base64, mode, now)));
            return;
        }
        for (JsonNode item : source.path("items")) {
            JsonNode value = data.path(item.path("key").asString(""));
            if (!value.isMissingNode()) {
                place(directory, item.path("path").asString(""),
                        file(value, base64, item.path("mode").asInt(mode), now), now);
            }
        }
    }

    /** Puts a file at a relative path, making the directories on the way. */
    private static void place(FileNode.Directory directory, String path, FileNode.RegularFile file, Instant now) {
        int slash = path.lastIndexOf('/');
        FileNode.Directory parent = slash < 0 ? directory : directory.subdirectory(path.substring(0, slash), now);
        parent.put(path.substring(slash + 1), file);
    }

    private static FileNode.RegularFile file(JsonNode value, boolean base64, int mode, Instant now) {
        byte[] content = base64 ? Base64.getDecoder().decode(value.asString(""))
                : value.asString("").getBytes(StandardCharsets.UTF_8);
        return new FileNode.RegularFile(content, mode, now);
    }

    /** The pod is gone: its emptyDirs and rendered volumes go with it. */
    void forgetPod(String uid) {
        emptyDirs.keySet().removeIf(key -> key.startsWith(uid + "/"));
        rendered.keySet().removeIf(key -> key.startsWith(uid + "/"));
    }

    /** The claim is gone: files it kept while unbound go with it. */
    void forgetClaim(String uid) {
        unboundClaims.remove(uid);
    }

    /** The volume is gone: so are its files. */
    void forgetPersistentVolume(String uid) {
        persistentVolumes.remove(uid);
    }
}
