package dev.ordinal.registry.fieldmanager;

import dev.ordinal.machinery.go.GoText;

/**
 * Who owns a set of fields: one {@code metadata.managedFields} entry's identity, as upstream's
 * manager identifier. Appliers are identified by name (and subresource) alone, so that one
 * applier keeps one entry whatever version it applies in; updaters also by apiVersion.
 *
 * @param name        the field manager, e.g. {@code kubectl-client-side-apply}
 * @param operation   {@code Apply} or {@code Update}
 * @param apiVersion  the version an updater wrote in; empty for appliers
 * @param subresource e.g. {@code status} or {@code scale}; empty for the main resource
 */
public record Manager(String name, String operation, String apiVersion, String subresource) {

    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";

    public static Manager update(String name, String apiVersion, String subresource) {
        return new Manager(name, UPDATE, apiVersion, subresource);
    }

    public static Manager apply(String name, String subresource) {
        return new Manager(name, APPLY, "", subresource);
    }

    /** The identifier upstream keys managers by: the entry's JSON without version (for appliers), time and fields. */
    String identifier() {
        StringBuilder out = new StringBuilder("{\"manager\":").append(GoText.quote(name))
                .append(",\"operation\":").append(GoText.quote(operation));
        if (!apiVersion.isEmpty()) {
            out.append(",\"apiVersion\":").append(GoText.quote(apiVersion));
        }
        if (!subresource.isEmpty()) {
            out.append(",\"subresource\":").append(GoText.quote(subresource));
        }
        return out.append('}').toString();
    }

    /** As conflict messages name a manager: {@code "kubectl-client-side-apply" using apps/v1}. */
    @Override
    public String toString() {
        String text = GoText.quote(name);
        if (!subresource.isEmpty()) {
            text += " with subresource " + GoText.quote(subresource);
        }
        return operation.equals(UPDATE) ? text + " using " + apiVersion : text;
    }
}
