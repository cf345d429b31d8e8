package dev.ordinal.controller.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.controller.CacheExpectations;
import dev.ordinal.controller.ControllerRefManager;
import dev.ordinal.controller.OwnerReferences;
import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ControllerUidIndex;
import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.labels.InvalidSelectorException;
import dev.ordinal.machinery.labels.LabelSelector;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The Deployment controller (upstream {@code pkg/controller/deployment/deployment_controller.go}):
 * queues a Deployment when it, one of its ReplicaSets or (for Recreate) one of its pods changes,
 * claims its ReplicaSets by selector and runs a {@link DeploymentSync}. Changes, through the shared
 * informers, drive it; a rollout that might pass its progress deadline is looked at again then.
 */
@Component
class DeploymentController {

    /** Deployments synced at once (kube-controller-manager's --concurrent-deployment-syncs default). */
    private static final int WORKERS = 5;
    /** How soon a sync waits for informer caches to hold the controller's latest writes. */
    private static final long CACHE_WAIT_MILLIS = 10;

    private final GenericRegistry registry;
    private final ResourceDefinition deploymentDefinition;
    private final SharedIndexInformer deployments;
    private final SharedIndexInformer replicaSets;
    private final SharedIndexInformer pods;
    private final CacheExpectations expectations = new CacheExpectations();
    private final ControllerRefManager refManager;
    private final DeploymentSync deploymentSync;
    private final WorkQueue queue = new WorkQueue("deployment");
    private final ControllerLoop loop;

    DeploymentController(GenericRegistry registry, ResourceRegistry resources, SharedInformerFactory informers,
                         EventRecorder recorder) {
        this.registry = registry;
        this.deploymentDefinition = resources.byResource("apps", "v1", "deployments").orElseThrow();
        ResourceDefinition replicaSetDefinition = resources.byResource("apps", "v1", "replicasets").orElseThrow();
        this.deployments = informers.informerFor(deploymentDefinition);
        this.replicaSets = informers.informerFor(replicaSetDefinition)
                .addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
        this.pods = informers.informerFor(resources.byResource("", "v1", "pods").orElseThrow())
                .addIndex(ControllerUidIndex.NAME, ControllerUidIndex::values);
        this.refManager = new ControllerRefManager(registry, replicaSetDefinition, OwnerReferences.DEPLOYMENT,
                replicaSet -> expectations.expect(replicaSets, replicaSet));
        this.deploymentSync = new DeploymentSync(new RegistryDeploymentClient(registry, deploymentDefinition,
                replicaSetDefinition, deployments, replicaSets, expectations, recorder), registry.clock());
        this.loop = new ControllerLoop("deployment", queue, this::sync, WORKERS);
    }

    @PostConstruct
    void start() {
        loop.start(deployments.addEventHandler(ResourceEventHandler.forEveryChange(this::enqueue)),
                replicaSets.addEventHandler(new ResourceEventHandler() {
                    @Override
                    public void onAdd(Unstructured replicaSet, boolean isInInitialList) {
                        addReplicaSet(replicaSet);
                    }

                    @Override
                    public void onUpdate(Unstructured old, Unstructured current) {
                        updateReplicaSet(old, current);
                    }

                    @Override
                    public void onDelete(Object replicaSet) {
                        deleteReplicaSet(DeletedFinalStateUnknown.lastKnown(replicaSet));
                    }
                }),
                pods.addEventHandler(new ResourceEventHandler() {
                    @Override
                    public void onDelete(Object pod) {
                        deletePod(DeletedFinalStateUnknown.lastKnown(pod));
                    }
                }));
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    /** Queues every Deployment again: a safety net, not the pace. */
    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        deployments.list().forEach(this::enqueue);
    }

    /**
     * Syncs one Deployment (upstream syncDeployment): claims its ReplicaSets, groups their pods and
     * runs the sync on a copy. Returns when to look again for its progress deadline.
     */
    long sync(String key) {
        if (!expectations.satisfied()) {
            return CACHE_WAIT_MILLIS;
        }
        int slash = key.indexOf('/');
        Optional<Unstructured> found = deployments.get(key.substring(0, slash), key.substring(slash + 1));
        if (found.isEmpty()) {
            return 0;
        }
        Unstructured deployment = found.get().deepCopy();
        LabelSelector selector;
        try {
            selector = selector(deployment);
        } catch (InvalidSelectorException e) {
            return 0;
        }
        List<Unstructured> claimed = refManager.claim(deployment, selector,
                ControllerUidIndex.controlledOrOrphaned(replicaSets, deployment), () -> checkCanAdopt(deployment));
        Map<String, List<Unstructured>> podsByReplicaSet = new LinkedHashMap<>();
        for (Unstructured replicaSet : claimed) {
            podsByReplicaSet.put(replicaSet.uid(), pods.byIndex(ControllerUidIndex.NAME, replicaSet.uid()).stream()
                    .filter(pod -> pod.namespace().equals(deployment.namespace()) && selector.matches(pod.labels()))
                    .toList());
        }
        return Math.max(0, deploymentSync.sync(deployment, claimed, podsByReplicaSet));
    }

    /** A new set syncs its Deployment, or for an orphan every Deployment that might adopt it (upstream addReplicaSet). */
    private void addReplicaSet(Unstructured replicaSet) {
        if (replicaSet.isBeingDeleted()) {
            deleteReplicaSet(replicaSet);
            return;
        }
        Optional<JsonNode> controllerRef = OwnerReferences.controllerOf(replicaSet);
        if (controllerRef.isPresent()) {
            resolveControllerRef(replicaSet.namespace(), controllerRef.get()).ifPresent(this::enqueue);
            return;
        }
        deploymentsFor(replicaSet).forEach(this::enqueue);
    }

    /** Upstream updateReplicaSet: the old and new controllers, or for an orphan the Deployments that might adopt it. */
    private void updateReplicaSet(Unstructured old, Unstructured current) {
        if (current.resourceVersion().equals(old.resourceVersion())) {
            return;
        }
        Optional<JsonNode> currentRef = OwnerReferences.controllerOf(current);
        Optional<JsonNode> oldRef = OwnerReferences.controllerOf(old);
        boolean controllerChanged = !Objects.equals(currentRef, oldRef);
        if (controllerChanged && oldRef.isPresent()) {
            resolveControllerRef(old.namespace(), oldRef.get()).ifPresent(this::enqueue);
        }
        if (currentRef.isPresent()) {
            resolveControllerRef(current.namespace(), currentRef.get()).ifPresent(this::enqueue);
            return;
        }
        if (controllerChanged || !current.labels().equals(old.labels())) {
            deploymentsFor(current).forEach(this::enqueue);
        }
    }

    private void deleteReplicaSet(Unstructured replicaSet) {
        OwnerReferences.controllerOf(replicaSet)
                .flatMap(ref -> resolveControllerRef(replicaSet.namespace(), ref))
                .ifPresent(this::enqueue);
    }

    /**
     * A deleted pod matters to a Recreate Deployment, which waits for its old pods to be gone
     * (upstream deletePod).
     */
    private void deletePod(Unstructured pod) {
        OwnerReferences.controllerOf(pod)
                .filter(ref -> OwnerReferences.REPLICA_SET.kind().equals(ref.path("kind").asString("")))
                .flatMap(ref -> replicaSets.get(pod.namespace(), ref.path("name").asString(""))
                        .filter(rs -> rs.uid().equals(OwnerReferences.uid(ref))))
                .flatMap(OwnerReferences::controllerOf)
                .flatMap(ref -> resolveControllerRef(pod.namespace(), ref))
                .filter(deployment -> "Recreate".equals(deployment.at("spec.strategy.type").asString("")))
                .ifPresent(this::enqueue);
    }

    private Optional<Unstructured> resolveControllerRef(String namespace, JsonNode ref) {
        if (!OwnerReferences.DEPLOYMENT.kind().equals(ref.path("kind").asString(""))) {
            return Optional.empty();
        }
        return deployments.get(namespace, ref.path("name").asString(""))
                .filter(deployment -> deployment.uid().equals(OwnerReferences.uid(ref)));
    }

    /** The Deployments of the set's namespace whose selector matches it (upstream getDeploymentsForReplicaSet). */
    private List<Unstructured> deploymentsFor(Unstructured replicaSet) {
        if (replicaSet.labels().isEmpty()) {
            return List.of();
        }
        return deployments.list(replicaSet.namespace()).stream().filter(deployment -> {
            try {
                LabelSelector selector = selector(deployment);
                return !selector.isEmpty() && selector.matches(replicaSet.labels());
            } catch (InvalidSelectorException e) {
                return false;
            }
        }).toList();
    }

    private static LabelSelector selector(Unstructured deployment) {
        JsonNode selector = deployment.at("spec.selector");
        if (!selector.isObject()) {
            return LabelSelector.nothing();
        }
        return LabelSelector.fromLabelSelector(JsonMapper.shared().treeToValue(selector,
                io.fabric8.kubernetes.api.model.LabelSelector.class));
    }

    private void enqueue(Unstructured deployment) {
        queue.add(deployment.namespace() + "/" + deployment.name());
    }

    private void checkCanAdopt(Unstructured deployment) {
        ControllerRefManager.checkCanAdopt(deploymentDefinition, deployment, registry.find(deploymentDefinition, deployment.namespace(), deployment.name()));
    }
}
