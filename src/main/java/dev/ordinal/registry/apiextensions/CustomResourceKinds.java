package dev.ordinal.registry.apiextensions;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.printers.CustomResourceTable;
import dev.ordinal.registry.rest.ObjectSubresource;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * Turns a CustomResourceDefinition into the kinds it serves, one {@link ResourceDefinition} per
 * served version, highest version first: named by {@code status.acceptedNames} (as upstream
 * serves the accepted names, not the requested ones), each with its version's schema, status and
 * scale subresources and printer columns, all storing in the CRD's storage version.
 */
@Component
public class CustomResourceKinds {

    private final GenericRegistry registry;

    CustomResourceKinds(GenericRegistry registry) {
        this.registry = registry;
    }

    /** The resource a CRD serves: its group and plural. */
    public static GroupResource resourceOf(JsonNode crd) {
        return new GroupResource(crd.path("spec").path("group").asString(""),
                crd.path("spec").path("names").path("plural").asString(""));
    }

    public List<ResourceDefinition> definitions(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = crd.path("status").path("acceptedNames");
        boolean terminating = CustomResourceDefinitions.conditionTrue(crd, "Terminating");
        List<JsonNode> served = new ArrayList<>();
        spec.path("versions").forEach(v -> {
            if (v.path("served").asBoolean(false)) {
                served.add(v);
            }
        });
        served.sort((a, b) -> VersionPriority.HIGHEST_FIRST.compare(a.path("name").asString(""),
                b.path("name").asString("")));
        List<ResourceDefinition> definitions = new ArrayList<>();
        String kind = names.path("kind").asString("");
        String storageVersion = storageVersion(spec);
        for (JsonNode versionJson : served) {
            CustomResourceVersion version = CustomResourceVersion.of(versionJson);
            ResourceDefinition.Builder builder = ResourceDefinition.builder(spec.path("group").asString(""),
                            version.name(), kind, names.path("plural").asString(""))
                    .singular(names.path("singular").asString(""))
                    .listKind(names.path("listKind").asString(""))
                    .shortNames(strings(names.path("shortNames")))
                    .categories(strings(names.path("categories")))
                    .type(GenericKubernetesResource.class)
                    .strategy(new CustomResourceStrategy(kind, version, terminating))
                    .table(new CustomResourceTable(versionJson.path("additionalPrinterColumns")))
                    .customResource()
                    .storageVersion(storageVersion);
            if (!spec.path("scope").asString("").equals("Namespaced")) {
                builder.clusterScoped();
            }
            if (version.status()) {
                builder.subresource("status", ObjectSubresource.STATUS);
            }
            version.scale().ifPresent(paths -> builder.subresource("scale", new CustomResourceScale(registry, paths)));
            definitions.add(builder.build());
        }
        return definitions;
    }

    /** The version marked {@code storage}; validation lets a CRD have exactly one. */
    private static String storageVersion(JsonNode spec) {
        for (JsonNode version : spec.path("versions")) {
            if (version.path("storage").asBoolean(false)) {
                return version.path("name").asString("");
            }
        }
        throw new IllegalArgumentException("the CustomResourceDefinition has no storage version");
    }

    private static String[] strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString("")));
        return values.toArray(String[]::new);
    }
}
