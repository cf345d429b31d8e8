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
 *
 * <p>{@code definition} is the kind a webhook or policy matched; {@code requestDefinition} the one
 * the client addressed. They differ when a rule matched an equivalent version
 * ({@link #inVersion}), upstream's {@code VersionedAttributes}.
 */
public record AdmissionAttributes(Operation operation, ResourceDefinition definition, String subresource,
                                  String namespace, String name, Unstructured object, Unstructured oldObject,
                                  boolean dryRun, UserInfo user, Reinvocation reinvocation,
                                  ResourceDefinition requestDefinition) {

    public AdmissionAttributes(Operation operation, ResourceDefinition definition, String subresource,
                               String namespace, String name, Unstructured object, Unstructured oldObject,
                               boolean dryRun, UserInfo user) {
        this(operation, definition, subresource, namespace, name, object, oldObject, dryRun, user,
                new Reinvocation(), definition);
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

    /**
     * The kind admission names: the kind's own, or for a CONNECT the options' kind
     * ({@code PodExecOptions}), as upstream's connect handler names the subresource's kind.
     */
    public String kind() {
        return operation == Operation.CONNECT && object != null ? object.kind() : definition.kind();
    }

    /**
     * The request as seen through {@code equivalent}, another served version of its resource, as
     * upstream converts it for a rule that matched only with matchPolicy Equivalent: the objects
     * converted to that version (strategy None: a copy with its apiVersion), objects of another
     * kind (a Scale, connect options) as they are.
     */
    public AdmissionAttributes inVersion(ResourceDefinition equivalent) {
        return new AdmissionAttributes(operation, equivalent, subresource, namespace, name, converted(object, equivalent),
                converted(oldObject, equivalent), dryRun, user, reinvocation, requestDefinition);
    }

    private Unstructured converted(Unstructured value, ResourceDefinition equivalent) {
        if (value == null || !value.apiVersion().equals(definition.apiVersion()) || !value.kind().equals(definition.kind())) {
            return value;
        }
        Unstructured copy = value.deepCopy();
        copy.json().put("apiVersion", equivalent.apiVersion());
        return copy;
    }
}
