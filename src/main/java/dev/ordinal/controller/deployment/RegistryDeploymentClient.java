package dev.ordinal.controller.deployment;

import java.util.Optional;

import dev.ordinal.controller.CacheExpectations;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.DeleteOptions;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * The Deployment controller's writes through the generic registry, like any client's, each noted
 * in the {@link CacheExpectations} so that the next sync waits for the informers to show it.
 */
final class RegistryDeploymentClient implements DeploymentClient {

    /** The component of the events. */
    static final String COMPONENT = "deployment-controller";

    private final GenericRegistry registry;
    private final ResourceDefinition deployments;
    private final ResourceDefinition replicaSets;
    private final SharedIndexInformer deploymentInformer;
    private final SharedIndexInformer replicaSetInformer;
    private final CacheExpectations expectations;
    private final EventRecorder recorder;

    RegistryDeploymentClient(GenericRegistry registry, ResourceDefinition deployments, ResourceDefinition replicaSets,
                             SharedIndexInformer deploymentInformer, SharedIndexInformer replicaSetInformer,
                             CacheExpectations expectations, EventRecorder recorder) {
        this.registry = registry;
        this.deployments = deployments;
        this.replicaSets = replicaSets;
        this.deploymentInformer = deploymentInformer;
        this.replicaSetInformer = replicaSetInformer;
        this.expectations = expectations;
        this.recorder = recorder;
    }

    @Override
    public Unstructured createReplicaSet(Unstructured replicaSet) {
        return expected(replicaSetInformer, registry.create(replicaSets, replicaSet.namespace(), replicaSet,
                WriteOptions.defaults()));
    }

    @Override
    public Unstructured updateReplicaSet(Unstructured replicaSet) {
        return expected(replicaSetInformer, registry.update(replicaSets, replicaSet.namespace(), replicaSet.name(),
                replicaSet, null, WriteOptions.defaults()));
    }

    @Override
    public void deleteReplicaSet(Unstructured replicaSet) {
        expected(replicaSetInformer, registry.delete(replicaSets, replicaSet.namespace(), replicaSet.name(),
                DeleteOptions.defaults()));
    }

    @Override
    public Optional<Unstructured> cachedReplicaSet(String namespace, String name) {
        return replicaSetInformer.get(namespace, name);
    }

    @Override
    public Unstructured updateDeploymentStatus(Unstructured deployment) {
        return expected(deploymentInformer, registry.update(deployments, deployment.namespace(), deployment.name(),
                deployment, Subresource.STATUS, WriteOptions.defaults()));
    }

    @Override
    public Unstructured updateDeployment(Unstructured deployment) {
        return expected(deploymentInformer, registry.update(deployments, deployment.namespace(), deployment.name(),
                deployment, null, WriteOptions.defaults()));
    }

    @Override
    public void normalEvent(Unstructured deployment, String reason, String message) {
        recorder.normal(COMPONENT, deployment, reason, message);
    }

    @Override
    public void warningEvent(Unstructured deployment, String reason, String message) {
        recorder.warning(COMPONENT, deployment, reason, message);
    }

    private Unstructured expected(SharedIndexInformer informer, Unstructured written) {
        expectations.expect(informer, written);
        return written;
    }
}
