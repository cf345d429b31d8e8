package dev.ordinal.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.SubresourceStorage;

/**
 * API discovery, legacy ({@code APIVersions}, {@code APIGroupList}, {@code APIResourceList}) and
 * aggregated ({@code apidiscovery.k8s.io/v2} APIGroupDiscoveryList). Clients tell the two apart by
 * the response Content-Type alone, so the aggregated form carries its own.
 */
@RestController
class DiscoveryHandler {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ResourceRegistry resources;
    private final JsonMapper mapper;

    DiscoveryHandler(ResourceRegistry resources, JsonMapper mapper) {
        this.resources = resources;
        this.mapper = mapper;
    }

    @GetMapping("/api")
    ResponseEntity<byte[]> core(HttpServletRequest request) {
        String aggregated = aggregatedVersion(request);
        if (aggregated != null) {
            return aggregated(aggregated, groups(true));
        }
        ObjectNode versions = NODES.objectNode();
        versions.put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", request.getLocalAddr() + ":" + request.getLocalPort());
        return json(versions, "application/json");
    }

    @GetMapping("/apis")
    ResponseEntity<byte[]> groups(HttpServletRequest request) {
        String aggregated = aggregatedVersion(request);
        if (aggregated != null) {
            return aggregated(aggregated, groups(false));
        }
        ObjectNode list = NODES.objectNode();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        groups(false).keySet().forEach(group -> groups.add(apiGroup(group)));
        return json(list, "application/json");
    }

    @GetMapping("/apis/{group}")
    ResponseEntity<byte[]> group(@PathVariable String group) {
        if (!groups(false).containsKey(group)) {
            throw StatusError.resourceNotFound();
        }
        ObjectNode apiGroup = apiGroup(group);
        apiGroup.put("kind", "APIGroup");
        apiGroup.put("apiVersion", "v1");
        return json(apiGroup, "application/json");
    }

    @GetMapping("/api/v1")
    ResponseEntity<byte[]> coreResources() {
        return resourceList("", "v1");
    }

    @GetMapping("/apis/{group}/{version}")
    ResponseEntity<byte[]> groupResources(@PathVariable String group, @PathVariable String version) {
        return resourceList(group, version);
    }

    private ResponseEntity<byte[]> resourceList(String group, String version) {
        List<ResourceDefinition> served = groups(group.isEmpty()).getOrDefault(group, List.of()).stream()
                .filter(d -> d.version().equals(version)).toList();
        if (served.isEmpty()) {
            throw StatusError.resourceNotFound();
        }
        ObjectNode list = NODES.objectNode();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", served.get(0).apiVersion());
        ArrayNode items = list.putArray("resources");
        for (ResourceDefinition d : served) {
            ObjectNode resource = items.addObject();
            resource.put("name", d.plural());
            resource.put("singularName", d.singular());
            resource.put("namespaced", d.namespaced());
            resource.put("kind", d.kind());
            strings(resource.putArray("verbs"), d.verbs());
            if (!d.shortNames().isEmpty()) {
                strings(resource.putArray("shortNames"), d.shortNames());
            }
            if (!d.categories().isEmpty()) {
                strings(resource.putArray("categories"), d.categories());
            }
            for (Map.Entry<String, SubresourceStorage> sub : subresources(d)) {
                ObjectNode entry = items.addObject();
                entry.put("name", d.plural() + "/" + sub.getKey());
                entry.put("singularName", "");
                entry.put("namespaced", d.namespaced());
                GroupVersionKind kind = sub.getValue().kind(d);
                // Group and version only when they are not the resource's own, as upstream lists them.
                if (!kind.group().equals(d.group()) || !kind.version().equals(d.version())) {
                    entry.put("group", kind.group());
                    entry.put("version", kind.version());
                }
                entry.put("kind", kind.kind());
                strings(entry.putArray("verbs"), sub.getValue().verbs());
            }
        }
        return json(list, "application/json");
    }

    private ResponseEntity<byte[]> aggregated(String version, Map<String, List<ResourceDefinition>> groups) {
        ObjectNode list = NODES.objectNode();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/" + version);
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        groups.forEach((group, definitions) -> {
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!group.isEmpty()) {
                meta.put("name", group);
            }
            Map<String, List<ResourceDefinition>> byVersion = new LinkedHashMap<>();
            definitions.forEach(d -> byVersion.computeIfAbsent(d.version(), v -> new ArrayList<>()).add(d));
            ArrayNode versions = item.putArray("versions");
            byVersion.forEach((v, defs) -> {
                ObjectNode entry = versions.addObject();
                entry.put("version", v);
                ArrayNode list2 = entry.putArray("resources");
                defs.forEach(d -> list2.add(aggregatedResource(d)));
                entry.put("freshness", "Current");
            });
        });
        return json(list, "application/json;g=apidiscovery.k8s.io;v=" + version + ";as=APIGroupDiscoveryList");
    }

    private static ObjectNode aggregatedResource(ResourceDefinition d) {
        ObjectNode resource = NODES.objectNode();
        resource.put("resource", d.plural());
        resource.set("responseKind", kind(d.group(), d.version(), d.kind()));
        resource.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
        resource.put("singularResource", d.singular());
        strings(resource.putArray("verbs"), d.verbs());
        if (!d.shortNames().isEmpty()) {
            strings(resource.putArray("shortNames"), d.shortNames());
        }
        if (!d.categories().isEmpty()) {
            strings(resource.putArray("categories"), d.categories());
        }
        if (!d.subresources().isEmpty()) {
            ArrayNode subresources = resource.putArray("subresources");
            for (Map.Entry<String, SubresourceStorage> sub : subresources(d)) {
                ObjectNode entry = subresources.addObject();
                entry.put("subresource", sub.getKey());
                GroupVersionKind kind = sub.getValue().kind(d);
                entry.set("responseKind", kind(kind.group(), kind.version(), kind.kind()));
                strings(entry.putArray("verbs"), sub.getValue().verbs());
            }
        }
        return resource;
    }

    /** A kind's subresources by name, the order upstream's discovery lists them in. */
    private static List<Map.Entry<String, SubresourceStorage>> subresources(ResourceDefinition d) {
        return d.subresources().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }

    private static ObjectNode kind(String group, String version, String kind) {
        return NODES.objectNode().put("group", group).put("version", version).put("kind", kind);
    }

    private ObjectNode apiGroup(String group) {
        ObjectNode apiGroup = NODES.objectNode();
        apiGroup.put("name", group);
        ArrayNode versions = apiGroup.putArray("versions");
        List<String> served = groups(false).get(group).stream().map(ResourceDefinition::version).distinct().toList();
        served.forEach(v -> versions.addObject().put("groupVersion", group + "/" + v).put("version", v));
        apiGroup.putObject("preferredVersion").put("groupVersion", group + "/" + served.get(0))
                .put("version", served.get(0));
        return apiGroup;
    }

    /** The served kinds by group: only the core group when {@code core}, else every named group. */
    private Map<String, List<ResourceDefinition>> groups(boolean core) {
        Map<String, List<ResourceDefinition>> groups = new LinkedHashMap<>();
        for (ResourceDefinition d : resources.all()) {
            if (d.group().isEmpty() == core) {
                groups.computeIfAbsent(d.group(), g -> new ArrayList<>()).add(d);
            }
        }
        return groups;
    }

    /** "v2" or "v2beta1" when the client accepts aggregated discovery, else null. */
    private static String aggregatedVersion(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return null;
        }
        for (String entry : accept.split(",")) {
            if (entry.contains("as=APIGroupDiscoveryList") && entry.contains("g=apidiscovery.k8s.io")) {
                if (entry.replace(" ", "").contains("v=v2;") || entry.replace(" ", "").endsWith("v=v2")) {
                    return "v2";
                }
                if (entry.contains("v=v2beta1")) {
                    return "v2beta1";
                }
            }
        }
        return null;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private ResponseEntity<byte[]> json(ObjectNode body, String contentType) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, contentType).body(mapper.writeValueAsBytes(body));
    }
}
