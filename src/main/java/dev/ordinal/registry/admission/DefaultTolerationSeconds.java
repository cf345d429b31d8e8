package dev.ordinal.registry.admission;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Upstream's DefaultTolerationSeconds plugin: a pod that does not tolerate the
 * {@code node.kubernetes.io/not-ready} or {@code node.kubernetes.io/unreachable} NoExecute taint
 * gets a toleration of it for 300 seconds, so its pods stay that long on a node that goes
 * NotReady or silent before the taint eviction controller deletes them. A toleration with no key
 * or no effect counts as tolerating, as upstream reads it.
 */
@Component
class DefaultTolerationSeconds implements MutatingPlugin {

    /** Upstream's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
    static final long DEFAULT_SECONDS = 300;
    private static final GroupResource PODS = new GroupResource("", "pods");
    private static final String NOT_READY = "node.kubernetes.io/not-ready";
    private static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    @Override
    public String name() {
        return "DefaultTolerationSeconds";
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE || operation == Operation.UPDATE;
    }

    @Override
    public boolean handles(ResourceDefinition definition, String subresource) {
        return definition.groupResource().equals(PODS) && subresource.isEmpty();
    }

    @Override
    public void admit(AdmissionAttributes attributes) {
        JsonNode tolerations = attributes.object().json().path("spec").path("tolerations");
        boolean notReady = tolerates(tolerations, NOT_READY);
        boolean unreachable = tolerates(tolerations, UNREACHABLE);
        if (notReady && unreachable) {
            return;
        }
        ArrayNode added = attributes.object().json().withObject("spec").withArray("tolerations");
        if (!notReady) {
            add(added, NOT_READY);
        }
        if (!unreachable) {
            add(added, UNREACHABLE);
        }
    }

    private static boolean tolerates(JsonNode tolerations, String key) {
        for (JsonNode toleration : tolerations) {
            String tolerated = toleration.path("key").asString("");
            String effect = toleration.path("effect").asString("");
            if ((tolerated.equals(key) || tolerated.isEmpty()) && (effect.equals("NoExecute") || effect.isEmpty())) {
                return true;
            }
        }
        return false;
    }

    private static void add(ArrayNode tolerations, String key) {
        tolerations.addObject()
                .put("key", key)
                .put("operator", "Exists")
                .put("effect", "NoExecute")
                .put("tolerationSeconds", DEFAULT_SECONDS);
    }
}
