package dev.ordinal.controller;

import java.util.function.Consumer;
import java.util.function.Function;

import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * A workload controller's status write, as upstream's {@code updateReplicaSetStatus} and
 * {@code storeDaemonSetStatus}: nothing is written when the object already shows the status; on a
 * conflict the object is read again and the write tried once more; an object gone meanwhile needs
 * no status.
 */
public final class StatusWriter {

    private static final int ATTEMPTS = 2;

    private StatusWriter() {
    }

    /**
     * @param statusFor the status to show, given the object as currently stored
     * @param written   told of the object written, e.g. to expect it in an informer cache
     */
    public static void update(GenericRegistry registry, ResourceDefinition definition, Unstructured object,
                              Function<Unstructured, ObjectNode> statusFor, Consumer<Unstructured> written) {
        Unstructured target = object;
        for (int attempt = 1; ; attempt++) {
            ObjectNode status = statusFor.apply(target);
            if (target.json().path("status").equals(status)) {
                return;
            }
            Unstructured write = target.deepCopy();
            write.json().set("status", status.deepCopy());
            try {
                written.accept(registry.update(definition, write.namespace(), write.name(), write,
                        Subresource.STATUS, WriteOptions.defaults()));
                return;
            } catch (RuntimeException e) {
                if (SyncErrors.isNotFound(e)) {
                    return;
                }
                if (!SyncErrors.isConflict(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                target = registry.get(definition, object.namespace(), object.name());
            }
        }
    }
}
