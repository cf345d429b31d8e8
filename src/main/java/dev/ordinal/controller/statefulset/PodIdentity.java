package dev.ordinal.controller.statefulset;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;

/**
 * The stable identity of a StatefulSet's pods (upstream stateful_set_utils.go): the name
 * {@code <set>-<ordinal>}, the identity labels, hostname and subdomain, the claim volumes, the
 * controller reference and the revision label.
 */
public final class PodIdentity {

    /** The label naming the ControllerRevision a pod was built from (apps/v1 StatefulSetRevisionLabel). */
    public static final String REVISION_LABEL = "controller-revision-hash";
    /** The label carrying the pod's own name, for per-pod Services (apps/v1 StatefulSetPodNameLabel). */
    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    /** The label carrying the pod's ordinal (apps/v1 PodIndexLabel). */
    public static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    /** Anything, a dash, digits at the end: the parent set and the ordinal. */
    private static final Pattern STATEFUL_POD = Pattern.compile("(.*)-([0-9]+)");

    private PodIdentity() {
    }

    public static String podName(String setName, int ordinal) {
        return setName + "-" + ordinal;
    }

    /** The set a pod name belongs to, or "" when the name has no ordinal suffix. */
    public static String parentName(String podName) {
        Matcher matcher = STATEFUL_POD.matcher(podName);
        return matcher.matches() ? matcher.group(1) : "";
    }

    /** The ordinal of a pod name, or -1 when it has none or it does not fit an int32. */
    public static int ordinal(String podName) {
        Matcher matcher = STATEFUL_POD.matcher(podName);
        if (!matcher.matches()) {
            return -1;
        }
        try {
            return Integer.parseInt(matcher.group(2));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static int ordinal(Unstructured pod) {
        return ordinal(pod.name());
    }

    /**
     * The pods a set claims (upstream's ClaimPods with the statefulset controller's filter): those
     * its selector matches whose name parses to the set.
     */
    static Predicate<Unstructured> claimable(Unstructured set) {
        LabelSelector selector = StatefulSetSpec.selector(set);
        return pod -> selector.matches(pod.labels()) && isMemberOf(set, pod);
    }

    /** A pod is a member of the set its name parses to. */
    static boolean isMemberOf(Unstructured set, Unstructured pod) {
        return parentName(pod.name()).equals(set.name());
    }

    static boolean inOrdinalRange(Unstructured pod, Unstructured set) {
        int ordinal = ordinal(pod);
        return ordinal >= StatefulSetSpec.startOrdinal(set) && ordinal <= StatefulSetSpec.endOrdinal(set);
    }

    /** The pod's name, namespace and pod-name label are those of its ordinal in the set. */
    static boolean identityMatches(Unstructured set, Unstructured pod) {
        int ordinal = ordinal(pod);
        return ordinal >= 0
                && set.name().equals(parentName(pod.name()))
                && pod.name().equals(podName(set.name(), ordinal))
                && pod.namespace().equals(set.namespace())
                && pod.name().equals(pod.labels().get(POD_NAME_LABEL));
    }

    /** The pod mounts every claim of its ordinal under the claim template's name. */
    static boolean storageMatches(Unstructured set, Unstructured pod) {
        int ordinal = ordinal(pod);
        if (ordinal < 0) {
            return false;
        }
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.at("spec.volumes").forEach(v -> volumes.put(v.path("name").asString(""), v));
        for (ObjectNode template : StatefulSetSpec.volumeClaimTemplates(set)) {
            JsonNode volume = volumes.get(PersistentVolumeClaims.templateName(template));
            if (volume == null || !PersistentVolumeClaims.claimName(set, template, ordinal)
                    .equals(volume.path("persistentVolumeClaim").path("claimName").asString(null))) {
                return false;
            }
        }
        return true;
    }

    /** Sets the name, namespace and identity labels of the pod's ordinal (upstream updateIdentity). */
    static void updateIdentity(Unstructured set, Unstructured pod) {
        int ordinal = ordinal(pod);
        pod.setMeta("name", podName(set.name(), ordinal));
        pod.setMeta("namespace", set.namespace());
        ObjectNode labels = pod.metadata().withObject("labels");
        labels.put(POD_NAME_LABEL, pod.name());
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
    }

    /**
     * Sets the identity of a pod about to be created, with hostname and subdomain, which are
     * immutable once the pod exists (upstream initIdentity).
     */
    static void initIdentity(Unstructured set, Unstructured pod) {
        updateIdentity(set, pod);
        ObjectNode spec = pod.json().withObject("spec");
        spec.put("hostname", pod.name());
        String serviceName = StatefulSetSpec.serviceName(set);
        if (serviceName.isEmpty()) {
            spec.remove("subdomain");
        } else {
            spec.put("subdomain", serviceName);
        }
    }

    /**
     * Mounts the pod's claims under the claim templates' names, replacing template volumes of the
     * same names and keeping the others after them (upstream updateStorage).
     */
    static void updateStorage(Unstructured set, Unstructured pod) {
        Map<String, ObjectNode> claims = PersistentVolumeClaims.forOrdinal(set, ordinal(pod));
        JsonNode current = pod.at("spec.volumes");
        ArrayNode volumes = JsonNodeFactory.instance.arrayNode();
        claims.forEach((name, claim) -> volumes.addObject()
                .put("name", name)
                .putObject("persistentVolumeClaim").put("claimName", claim.path("metadata").path("name").asString("")));
        current.forEach(volume -> {
            if (!claims.containsKey(volume.path("name").asString(""))) {
                volumes.add(volume);
            }
        });
        if (volumes.isEmpty()) {
            pod.json().withObject("spec").remove("volumes");
        } else {
            pod.json().withObject("spec").set("volumes", volumes);
        }
    }

    /**
     * A new pod for {@code ordinal} from the set's template: template labels, annotations,
     * finalizers and spec, the controller reference, identity and storage (upstream
     * newStatefulSetPod over controller.GetPodFromTemplate).
     */
    static Unstructured newPod(Unstructured set, int ordinal) {
        ObjectNode template = StatefulSetSpec.template(set);
        JsonNode templateMeta = template.path("metadata");
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("apiVersion", "v1");
        json.put("kind", "Pod");
        ObjectNode meta = json.putObject("metadata");
        meta.put("name", podName(set.name(), ordinal));
        meta.put("generateName", set.name() + "-");
        meta.put("namespace", set.namespace());
        copyObject(templateMeta, "labels", meta);
        copyObject(templateMeta, "annotations", meta);
        meta.putArray("ownerReferences").add(OwnerReferences.controllerRef(set, OwnerReferences.STATEFUL_SET));
        if (templateMeta.path("finalizers").isArray() && !templateMeta.path("finalizers").isEmpty()) {
            meta.set("finalizers", templateMeta.get("finalizers").deepCopy());
        }
        json.set("spec", template.path("spec").isObject() ? template.get("spec").deepCopy()
                : JsonNodeFactory.instance.objectNode());
        Unstructured pod = new Unstructured(json);
        initIdentity(set, pod);
        updateStorage(set, pod);
        return pod;
    }

    /**
     * A new pod for {@code ordinal} at the revision its ordinal should run (upstream
     * newVersionedStatefulSetPod): below the partition, or with no rollingUpdate block below
     * {@code status.currentReplicas}, the current revision; otherwise the update revision.
     */
    static Unstructured newVersionedPod(Unstructured currentSet, Unstructured updateSet, String currentRevision,
                                        String updateRevision, int ordinal) {
        if (belongsToCurrentRevision(currentSet, ordinal)) {
            Unstructured pod = newPod(currentSet, ordinal);
            setRevision(pod, currentRevision);
            return pod;
        }
        Unstructured pod = newPod(updateSet, ordinal);
        setRevision(pod, updateRevision);
        return pod;
    }

    private static boolean belongsToCurrentRevision(Unstructured set, int ordinal) {
        int start = StatefulSetSpec.startOrdinal(set);
        boolean hasRollingUpdate = StatefulSetSpec.hasRollingUpdate(set);
        boolean belowPartition = hasRollingUpdate && ordinal < start + StatefulSetSpec.partition(set);
        boolean belowCurrentReplicas = StatefulSetSpec.isRollingUpdate(set) && !hasRollingUpdate
                && ordinal < start + set.at("status.currentReplicas").asInt(0);
        return belowPartition || belowCurrentReplicas;
    }

    /** The name of the ControllerRevision the pod was built from, or "". */
    public static String revision(Unstructured pod) {
        return pod.labels().getOrDefault(REVISION_LABEL, "");
    }

    static void setRevision(Unstructured pod, String revision) {
        pod.metadata().withObject("labels").put(REVISION_LABEL, revision);
    }

    private static void copyObject(JsonNode from, String field, ObjectNode to) {
        if (from.path(field).isObject() && !from.path(field).isEmpty()) {
            to.set(field, from.get(field).deepCopy());
        }
    }
}
