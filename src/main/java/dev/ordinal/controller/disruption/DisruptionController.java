package dev.ordinal.controller.disruption;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.ControllerRefManager;
import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.SyncErrors;
import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.SimulatedClock;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The disruption controller (upstream {@code pkg/controller/disruption}): keeps every
 * PodDisruptionBudget's status ({@link DisruptionBudgetStatus}) as its pods and their
 * controllers change, which the eviction subresource reads to allow or refuse an eviction. The
 * expected scale comes from the pods' controllers: a ReplicaSet (its Deployment's, when it has
 * one) or a StatefulSet; a pod without a controller is left out of it, as upstream does.
 */
@Component
class DisruptionController {

    private static final WriteOptions AS_DISRUPTION = new WriteOptions(false, "disruption-controller", "");

    private final GenericRegistry registry;
    private final ResourceDefinition budgetDefinition;
    private final SharedIndexInformer budgets;
    private final SharedIndexInformer pods;
    private final SharedIndexInformer replicaSets;
    private final SharedIndexInformer deployments;
    private final SharedIndexInformer statefulSets;
    private final SimulatedClock clock;
    private final WorkQueue queue = new WorkQueue("disruption");
    private final ControllerLoop loop;

    DisruptionController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                         SimulatedClock clock) {
        this.registry = registry;
        this.clock = clock;
        this.budgetDefinition = resources.byResource("policy", "v1", "poddisruptionbudgets").orElseThrow();
        this.budgets = informers.informerFor(budgetDefinition);
        this.pods = informers.informerFor(resources.byResource("", "v1", "pods").orElseThrow());
        this.replicaSets = informers.informerFor(resources.byResource("apps", "v1", "replicasets").orElseThrow());
        this.deployments = informers.informerFor(resources.byResource("apps", "v1", "deployments").orElseThrow());
        this.statefulSets = informers.informerFor(resources.byResource("apps", "v1", "statefulsets").orElseThrow());
        this.loop = new ControllerLoop("disruption", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        ResourceEventHandler scaleChanged = ResourceEventHandler.forEveryChange(this::budgetsOf);
        loop.start(budgets.addEventHandler(ResourceEventHandler.forChangesAndDeletions(
                        budget -> queue.add(key(budget)), budget -> { })),
                pods.addEventHandler(ResourceEventHandler.forEveryChange(this::budgetsOf)),
                replicaSets.addEventHandler(scaleChanged), deployments.addEventHandler(scaleChanged),
                statefulSets.addEventHandler(scaleChanged));
        // Noted disruptions time out on the simulated clock.
        clock.onChange(this::resync);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        budgets.list().forEach(budget -> queue.add(key(budget)));
    }

    /** The budgets of the object's namespace, any of which may select it or its pods. */
    private void budgetsOf(Unstructured object) {
        for (Unstructured budget : budgets.list()) {
            if (budget.namespace().equals(object.namespace())) {
                queue.add(key(budget));
            }
        }
    }

    long reconcile(String key) {
        int slash = key.indexOf('/');
        Unstructured budget = budgets.get(key.substring(0, slash), key.substring(slash + 1)).orElse(null);
        if (budget == null) {
            return 0;
        }
        LabelSelector selector = ControllerRefManager.selector(budget);
        List<Unstructured> selected = pods.list().stream()
                .filter(pod -> pod.namespace().equals(budget.namespace()) && !selector.matchesNothing()
                        && selector.matches(pod.labels()))
                .toList();
        OptionalInt scale = expectedScale(selected);
        Instant now = clock.instant();
        Instant[] recheck = {null};
        try {
            registry.patch(budgetDefinition, budget.namespace(), budget.name(), current -> {
                DisruptionBudgetStatus status = DisruptionBudgetStatus.of(current, selected, scale, now);
                current.json().set("status", status.status());
                recheck[0] = status.recheck();
                return current;
            }, Subresource.STATUS, AS_DISRUPTION);
        } catch (RuntimeException e) {
            if (!SyncErrors.isNotFound(e)) {
                throw e;
            }
            return 0;
        }
        return recheck[0] == null ? 0 : clock.wallMillisUntil(Duration.between(now, recheck[0]));
    }

    /** Upstream's getExpectedScale: the summed scale of the pods' controllers, each counted once. */
    private OptionalInt expectedScale(List<Unstructured> selected) {
        Map<String, Integer> scales = new HashMap<>();
        for (Unstructured pod : selected) {
            Optional<JsonNode> controller = OwnerReferences.controllerOf(pod);
            if (controller.isEmpty()) {
                continue;
            }
            Optional<Unstructured> owner = scaleOwner(pod.namespace(), controller.get());
            if (owner.isEmpty()) {
                return OptionalInt.empty();
            }
            scales.put(owner.get().uid(), owner.get().at("spec.replicas").asInt(1));
        }
        return OptionalInt.of(scales.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** The object whose scale counts for a pod's controller: a ReplicaSet's Deployment, or the controller. */
    private Optional<Unstructured> scaleOwner(String namespace, JsonNode ref) {
        String name = ref.path("name").asString("");
        String uid = ref.path("uid").asString("");
        Optional<Unstructured> owner = switch (ref.path("kind").asString("")) {
            case "ReplicaSet" -> replicaSets.get(namespace, name);
            case "StatefulSet" -> statefulSets.get(namespace, name);
            default -> Optional.empty();
        };
        owner = owner.filter(found -> found.uid().equals(uid));
        if (owner.isPresent() && ref.path("kind").asString("").equals("ReplicaSet")) {
            Optional<JsonNode> deployment = OwnerReferences.controllerOf(owner.get())
                    .filter(parent -> parent.path("kind").asString("").equals("Deployment"));
            if (deployment.isPresent()) {
                return deployments.get(namespace, deployment.get().path("name").asString(""))
                        .filter(found -> found.uid().equals(deployment.get().path("uid").asString("")));
            }
        }
        return owner;
    }

    private static String key(Unstructured object) {
        return SharedIndexInformer.key(object.namespace(), object.name());
    }
}
