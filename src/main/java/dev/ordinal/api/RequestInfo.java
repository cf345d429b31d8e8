package dev.ordinal.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a resource request addresses, parsed from its path as upstream's
 * {@code RequestInfoFactory} does: {@code /api/v1/...} or {@code /apis/{group}/{version}/...},
 * then {@code [namespaces/{ns}/]{resource}[/{name}[/{subresource}]]}. "namespaces/{name}" alone
 * addresses the namespace itself.
 */
record RequestInfo(String group, String version, String namespace, String resource, String name,
                   String subresource) {

    /** The info of a resource path, or null when the path names no resource (discovery). */
    static RequestInfo parse(String path) {
        List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList());
        String group;
        String version;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            version = parts.get(1);
            parts = parts.subList(2, parts.size());
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            version = parts.get(2);
            parts = parts.subList(3, parts.size());
        } else {
            return null;
        }
        if (parts.isEmpty()) {
            return null;
        }
        String namespace = "";
        // "status" and "finalize" after namespaces/{name} are the namespace's own subresources.
        if (parts.get(0).equals("namespaces")) {
            if (parts.size() >= 3 && !List.of("status", "finalize").contains(parts.get(2))) {
                namespace = parts.get(1);
                parts = parts.subList(2, parts.size());
            }
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : "";
        String subresource = parts.size() > 2 ? parts.get(2) : "";
        if (parts.size() > 3) {
            return new RequestInfo(group, version, namespace, resource, name, String.join("/", parts.subList(2,
                    parts.size())));
        }
        return new RequestInfo(group, version, namespace, resource, name, subresource);
    }

    boolean isCollection() {
        return name.isEmpty();
    }
}
