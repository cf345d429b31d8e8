package dev.ordinal.openapi;

import java.util.Set;

/**
 * The upstream OpenAPI name of a fabric8 model class: its Go package as openapi-gen spells it,
 * then the Go type name ({@code io.k8s.api.apps.v1.StatefulSet}). Types with a JSON form of their
 * own (IntOrString, Quantity, times) are named by {@link SchemaGenerator}.
 */
final class SchemaNames {

    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    /** Where openapi-gen names the apiextensions.k8s.io/v1 types: after their own module's package. */
    static final String APIEXTENSIONS = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";

    private static final String FABRIC8 = "io.fabric8.kubernetes.api.model";

    /**
     * fabric8 keeps apimachinery's meta/v1 types in the same Java package as core/v1; these are
     * the ones our kinds reach.
     */
    private static final Set<String> META_TYPES = Set.of("Condition", "DeleteOptions", "Duration", "FieldsV1",
            "LabelSelector", "LabelSelectorRequirement", "ListMeta", "ManagedFieldsEntry", "MicroTime",
            "ObjectMeta", "OwnerReference", "Patch", "Preconditions", "ShardInfo", "Status", "StatusCause",
            "StatusDetails", "WatchEvent");

    private SchemaNames() {
    }

    static String of(Class<?> type) {
        String pkg = type.getPackageName();
        String simple = type.getSimpleName();
        if (pkg.equals(FABRIC8)) {
            return (META_TYPES.contains(simple) ? META : "io.k8s.api.core.v1.") + simple;
        }
        if (pkg.equals(FABRIC8 + ".runtime")) {
            return "io.k8s.apimachinery.pkg.runtime." + simple;
        }
        if (!pkg.startsWith(FABRIC8 + ".")) {
            throw new IllegalArgumentException("not a Kubernetes model type: " + type.getName());
        }
        // io.fabric8.kubernetes.api.model.<group>[.<version>]: fabric8 leaves out "v1" for some groups.
        String[] parts = pkg.substring(FABRIC8.length() + 1).split("\\.");
        String group = parts[0];
        String version = parts.length > 1 ? parts[1] : "v1";
        if (group.equals("apiextensions")) {
            return APIEXTENSIONS + simple;
        }
        return "io.k8s.api." + group + "." + version + "." + simple;
    }

    /** The type name kubectl explain shows: the last part of the schema name. */
    static String shortName(String schemaName) {
        return schemaName.substring(schemaName.lastIndexOf('.') + 1);
    }
}
