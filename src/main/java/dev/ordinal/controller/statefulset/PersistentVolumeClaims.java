package dev.ordinal.controller.statefulset;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

/**
 * The claims a StatefulSet's pod mounts, one per volume claim template (upstream
 * getPersistentVolumeClaimName and getPersistentVolumeClaims).
 */
public final class PersistentVolumeClaims {

    private PersistentVolumeClaims() {
    }

    /** {@code <template>-<set>-<ordinal>}, e.g. {@code www-web-0}. */
    public static String claimName(String templateName, String setName, int ordinal) {
        return templateName + "-" + setName + "-" + ordinal;
    }

    static String claimName(Unstructured set, ObjectNode template, int ordinal) {
        return claimName(templateName(template), set.name(), ordinal);
    }

    static String templateName(ObjectNode template) {
        return template.path("metadata").path("name").asString("");
    }

    /**
     * The claims of {@code ordinal} by template name: each a copy of its template, renamed, in the
     * set's namespace, labelled with the template's labels and the selector's matchLabels over them.
     */
    static Map<String, ObjectNode> forOrdinal(Unstructured set, int ordinal) {
        Map<String, ObjectNode> claims = new LinkedHashMap<>();
        Map<String, String> selectorLabels = StatefulSetSpec.matchLabels(set);
        for (ObjectNode template : StatefulSetSpec.volumeClaimTemplates(set)) {
            ObjectNode claim = template.deepCopy();
            claim.put("apiVersion", "v1");
            claim.put("kind", "PersistentVolumeClaim");
            ObjectNode meta = claim.withObject("metadata");
            meta.put("name", claimName(set, template, ordinal));
            meta.put("namespace", set.namespace());
            ObjectNode labels = meta.withObject("labels");
            selectorLabels.forEach(labels::put);
            if (labels.isEmpty()) {
                meta.remove("labels");
            }
            claims.put(templateName(template), claim);
        }
        return claims;
    }
}
