package dev.ordinal.registry.admission;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.security.UserInfo;

/**
 * What admission knows of one request, upstream's {@code admission.Attributes}: the operation,
 * the kind and the subresource ("" for the object itself), where and what the object is, the
 * object as it will be stored (a mutating plugin changes it in place) and, on update, as it was,
 * who makes the request, and the request's {@link Reinvocation} state.
 */
public record AdmissionAttributes(Operation operation, ResourceDefinition definition, String subresource,
                                  String namespace, String name, Unstructured object, Unstructured oldObject,
                                  boolean dryRun, UserInfo user, Reinvocation reinvocation) {

    public AdmissionAttributes(Operation operation, ResourceDefinition definition, String subresource,
                               String namespace, String name, Unstructured object, Unstructured oldObject,
                               boolean dryRun, UserInfo user) {
        this(operation, definition, subresource, namespace, name, object, oldObject, dryRun, user,
                new Reinvocation());
    }

    /** A request the server makes itself, as {@link UserInfo#APISERVER}. */
    public AdmissionAttributes(Operation operation, ResourceDefinition definition, String subresource,
                               String namespace, String name, Unstructured object, Unstructured oldObject,
                               boolean dryRun) {
        this(operation, definition, subresource, namespace, name, object, oldObject, dryRun, UserInfo.APISERVER);
    }

    public GroupResource resource() {
        return definition.groupResource();
    }
}
