package dev.ordinal.controller.deployment;

import java.util.Optional;

import dev.ordinal.machinery.Unstructured;

/**
 * The writes of the Deployment controller, and the one read it makes outside its sync's snapshot
 * (upstream's clientset, ReplicaSet lister and event recorder as the controller uses them). The
 * server's is {@link RegistryDeploymentClient}; tests record the calls.
 */
interface DeploymentClient {

    /** Creates a ReplicaSet; throws the API error, e.g. AlreadyExists. */
    Unstructured createReplicaSet(Unstructured replicaSet);

    /** Replaces a ReplicaSet (spec and metadata), answering it as stored. */
    Unstructured updateReplicaSet(Unstructured replicaSet);

    void deleteReplicaSet(Unstructured replicaSet);

    /** The ReplicaSet of that name in the controller's cache. */
    Optional<Unstructured> cachedReplicaSet(String namespace, String name);

    /** Writes the Deployment through its status subresource (status and annotations), answering it as stored. */
    Unstructured updateDeploymentStatus(Unstructured deployment);

    /** Replaces the Deployment (spec and metadata), answering it as stored. */
    Unstructured updateDeployment(Unstructured deployment);

    void normalEvent(Unstructured deployment, String reason, String message);

    void warningEvent(Unstructured deployment, String reason, String message);
}
