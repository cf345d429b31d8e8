package dev.ordinal.registry.core;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.machinery.pod.PodConditions;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.NamedCreater;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.storage.ObjectStore;

/**
 * The eviction subresource of pods ({@code POST .../pods/{name}/eviction} with a policy/v1
 * Eviction), as upstream's {@code EvictionREST}: a pod is deleted (gracefully, with the
 * Eviction's deleteOptions) unless that would break the PodDisruptionBudget that selects it.
 * A pod that is Pending, Succeeded, Failed or already being deleted ignores budgets; a pod under
 * more than one budget cannot be evicted (500); a budget the disruption controller has not
 * caught up with, or that allows no disruption, refuses with 429 TooManyRequests and a
 * DisruptionBudget cause; otherwise the budget's disruptionsAllowed is taken down by one and the
 * pod noted in its disruptedPods before the pod is deleted, with a DisruptionTarget condition
 * (EvictionByEvictionAPI). A pod that is not Ready is deleted without counting when the budget
 * has its healthy pods (IfHealthyBudget) or always (AlwaysAllow).
 */
@Component
public final class PodEviction implements NamedCreater {

    private static final GroupResource PODS = new GroupResource("", "pods");
    private static final GroupResource BUDGETS = new GroupResource("policy", "poddisruptionbudgets");
    /** Upstream's MaxDisruptedPodSize. */
    private static final int MAX_DISRUPTED_PODS = 2000;
    private static final String VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

    private final ObjectStore store;
    /** Looked up at the first eviction: the registry's admission chain is built from the kinds this one belongs to. */
    private final ObjectProvider<GenericRegistry> registry;
    private final Clock clock;

    PodEviction(ObjectStore store, ObjectProvider<GenericRegistry> registry, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return new GroupVersionKind("policy", "v1", "Eviction");
    }

    @Override
    public List<String> verbs() {
        return List.of("create");
    }

    @Override
    public Unstructured create(ResourceDefinition parent, String namespace, String name, Unstructured eviction,
                               WriteOptions options) {
        if (!eviction.name().isEmpty() && !eviction.name().equals(name)) {
            throw StatusError.badRequest("name in URL does not match name in Eviction object");
        }
        boolean dryRun = options.dryRun() || eviction.json().path("deleteOptions").path("dryRun").size() > 0;
        Unstructured pod = store.get(PODS, namespace, name).orElseThrow(() -> StatusError.notFound(PODS, name));
        if (!ignoresBudgets(pod)) {
            List<Unstructured> budgets = budgets(pod);
            if (budgets.size() > 1) {
                throw StatusError.internal(
                        "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
            }
            if (budgets.size() == 1 && countsAgainst(pod, budgets.get(0))) {
                takeDisruption(budgets.get(0), name, dryRun);
            }
        }
        delete(parent, pod, eviction.json().path("deleteOptions"), dryRun);
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        return new Unstructured(status);
    }

    /** Upstream's canIgnorePDB: the pod's disruption happened already, or it never ran. */
    private static boolean ignoresBudgets(Unstructured pod) {
        String phase = pod.at("status.phase").asString("");
        return phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending") || pod.isBeingDeleted();
    }

    private List<Unstructured> budgets(Unstructured pod) {
        return store.list(BUDGETS, pod.namespace(), null, budget -> selects(budget, pod), 0).objects();
    }

    private static boolean selects(Unstructured budget, Unstructured pod) {
        JsonNode selector = budget.at("spec.selector");
        if (!selector.isObject()) {
            return false;
        }
        LabelSelector labels = LabelSelector.fromLabelSelector(JsonMapper.shared().treeToValue(selector,
                io.fabric8.kubernetes.api.model.LabelSelector.class));
        return !labels.matchesNothing() && labels.matches(pod.labels());
    }

    /** Whether evicting the pod takes one of the budget's disruptions: not for an unhealthy pod the budget lets go. */
    private static boolean countsAgainst(Unstructured pod, Unstructured budget) {
        if (PodConditions.isReady(pod)) {
            return true;
        }
        if (budget.at("spec.unhealthyPodEvictionPolicy").asString("").equals("AlwaysAllow")) {
            return false;
        }
        JsonNode status = budget.json().path("status");
        int desired = status.path("desiredHealthy").asInt(0);
        return !(status.path("currentHealthy").asInt(0) >= desired && desired > 0);
    }

    /** Upstream's checkAndDecrement, in one write of the budget's status. */
    private void takeDisruption(Unstructured budget, String podName, boolean dryRun) {
        store.update(BUDGETS, budget.namespace(), budget.name(), current -> {
            ObjectNode status = current.json().withObject("status");
            if (status.path("observedGeneration").asLong(0) < current.generation()) {
                throw tooManyRequests("The disruption budget " + current.name()
                        + " is still being processed by the server.", 10);
            }
            int allowed = status.path("disruptionsAllowed").asInt(0);
            if (allowed < 0) {
                throw StatusError.forbidden(BUDGETS, current.name(), "pdb disruptions allowed is negative");
            }
            if (status.path("disruptedPods").size() > MAX_DISRUPTED_PODS) {
                throw StatusError.forbidden(BUDGETS, current.name(),
                        "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            }
            if (allowed == 0) {
                throw tooManyRequests("The disruption budget " + current.name() + " needs "
                        + status.path("desiredHealthy").asInt(0) + " healthy pods and has "
                        + status.path("currentHealthy").asInt(0) + " currently", 0);
            }
            status.put("disruptionsAllowed", allowed - 1);
            String now = Timestamps.format(clock.instant());
            if (allowed - 1 == 0) {
                disallow(status, now);
            }
            status.withObject("disruptedPods").put(podName, now);
            return current;
        }, live -> false, dryRun);
    }

    /** The DisruptionAllowed condition once the last disruption is taken (upstream's UpdateDisruptionAllowedCondition). */
    private static void disallow(ObjectNode status, String now) {
        var conditions = status.withArray("conditions");
        for (int i = 0; i < conditions.size(); i++) {
            if (conditions.get(i).path("type").asString("").equals("DisruptionAllowed")) {
                ObjectNode condition = (ObjectNode) conditions.get(i);
                if (!condition.path("status").asString("").equals("False")) {
                    condition.put("lastTransitionTime", now);
                }
                condition.put("status", "False");
                condition.put("reason", "InsufficientPods");
                return;
            }
        }
        conditions.addObject().put("type", "DisruptionAllowed").put("status", "False")
                .put("observedGeneration", status.path("observedGeneration").asLong(0))
                .put("lastTransitionTime", now).put("reason", "InsufficientPods").put("message", "");
    }

    private static StatusError tooManyRequests(String cause, int retryAfterSeconds) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.putArray("causes").addObject().put("reason", "DisruptionBudget").put("message", cause);
        if (retryAfterSeconds > 0) {
            details.put("retryAfterSeconds", retryAfterSeconds);
        }
        return new StatusError(429, "TooManyRequests", VIOLATION, details);
    }

    /** Upstream's addConditionAndDeletePod: the DisruptionTarget condition, then the delete as the Eviction asks. */
    private void delete(ResourceDefinition pods, Unstructured pod, JsonNode deleteOptions, boolean dryRun) {
        if (!dryRun) {
            store.update(PODS, pod.namespace(), pod.name(), current -> {
                if (current.uid().equals(pod.uid()) && !current.isBeingDeleted()) {
                    PodConditions.update(current.json().withObject("status"), "DisruptionTarget", "True",
                            "EvictionByEvictionAPI", "Eviction API: evicting", Timestamps.format(clock.instant()));
                }
                return current;
            }, live -> false, false);
        }
        JsonNode grace = deleteOptions.path("gracePeriodSeconds");
        JsonNode preconditions = deleteOptions.path("preconditions");
        registry.getObject().delete(pods, pod.namespace(), pod.name(), new DeleteOptions(
                grace.isNumber() ? grace.asLong() : null, deleteOptions.path("propagationPolicy").asString(""),
                preconditions.path("uid").asString(""), preconditions.path("resourceVersion").asString(""), dryRun));
    }
}
