package dev.ordinal.kubelet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

import dev.ordinal.kubelet.container.FileNode;
import dev.ordinal.machinery.Unstructured;

/**
 * The contents of pods' volumes, kept where their lifetimes say: an emptyDir lives and dies with
 * its pod (one directory per pod uid and volume, shared by the pod's containers); a
 * persistentVolumeClaim's files belong to the PersistentVolume it is bound to (one directory per
 * PV uid), so what {@code web-0} wrote is there again when {@code web-0} is recreated and bound to
 * the same volume, and gone with the volume. configMap and secret volumes are rendered read-only
 * from their source when the container starts. Contents are held in memory: they do not survive a
 * restart of the server.
 */
final class PodVolumes {

    /** What the kubelet sees of the objects volumes come from. */
    interface Sources extends ContainerEnvironment.Sources {
        Optional<Unstructured> claim(String namespace, String name);

        Optional<Unstructured> persistentVolume(String name);
    }

    private final Map<String, FileNode.Directory> emptyDirs = new ConcurrentHashMap<>();
    private final Map<String, FileNode.Directory> persistentVolumes = new ConcurrentHashMap<>();
    private final Map<String, FileNode.Directory> unboundClaims = new ConcurrentHashMap<>();

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
            return Optional.empty();
        }
        return Optional.empty();
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
        int mode = source.path("defaultMode").asInt(0644);
        if (source.path("items").isEmpty()) {
            data.properties().forEach(entry -> directory.put(entry.getKey(), file(entry.getValue(), base64, mode, now)));
            return directory;
        }
        for (JsonNode item : source.path("items")) {
            JsonNode value = data.path(item.path("key").asString(""));
            if (value.isMissingNode()) {
                continue;
            }
            String path = item.path("path").asString("");
            int slash = path.lastIndexOf('/');
            FileNode.Directory parent = slash < 0 ? directory : directory.subdirectory(path.substring(0, slash), now);
            parent.put(path.substring(slash + 1), file(value, base64, item.path("mode").asInt(mode), now));
        }
        return directory;
    }

    private static FileNode.RegularFile file(JsonNode value, boolean base64, int mode, Instant now) {
        byte[] content = base64 ? Base64.getDecoder().decode(value.asString(""))
                : value.asString("").getBytes(StandardCharsets.UTF_8);
        return new FileNode.RegularFile(content, mode, now);
    }

    /** The pod is gone: its emptyDirs go with it. */
    void forgetPod(String uid) {
        emptyDirs.keySet().removeIf(key -> key.startsWith(uid + "/"));
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
