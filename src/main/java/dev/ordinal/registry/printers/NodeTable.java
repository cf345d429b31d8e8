package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get nodes}: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE
 * KERNEL-VERSION CONTAINER-RUNTIME.
 */
public final class NodeTable implements TableConvertor {

    private static final String ROLE_LABEL_PREFIX = "node-role.kubernetes.io/";
    private static final String LEGACY_ROLE_LABEL = "kubernetes.io/role";

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Status", "Whether the node is Ready, and whether new pods may be scheduled on it."),
            Column.string("Roles", "The roles the node's labels give it."),
            Columns.AGE,
            Column.string("Version", "The kubelet version the node reports."),
            Column.wide("Internal-IP", "The node's first address inside the cluster network."),
            Column.wide("External-IP", "The node's first address reachable from outside the cluster."),
            Column.wide("OS-Image", "The operating system image the node reports."),
            Column.wide("Kernel-Version", "The kernel version the node reports."),
            Column.wide("Container-Runtime", "The container runtime and version the node reports."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured node, Instant now) {
        JsonNode info = node.at("status.nodeInfo");
        return List.of(node.name(), status(node), roles(node), Timestamps.age(node, now),
                Fields.text(info, "kubeletVersion"),
                address(node, "InternalIP"), address(node, "ExternalIP"),
                orUnknown(Fields.text(info, "osImage")),
                orUnknown(Fields.text(info, "kernelVersion")),
                orUnknown(Fields.text(info, "containerRuntimeVersion")));
    }

    /** Ready or NotReady from the Ready condition (the last one listed), then SchedulingDisabled if cordoned. */
    private static String status(Unstructured node) {
        String ready = null;
        for (JsonNode condition : Fields.items(node.at("status.conditions"))) {
            if (Fields.text(condition, "type").equals("Ready")) {
                ready = Fields.text(condition, "status").equals("True") ? "Ready" : "NotReady";
            }
        }
        List<String> status = new ArrayList<>();
        status.add(ready == null ? "Unknown" : ready);
        if (Fields.isTrue(node.at("spec.unschedulable"))) {
            status.add("SchedulingDisabled");
        }
        return String.join(",", status);
    }

    /** Roles from {@code node-role.kubernetes.io/<role>} keys and the older {@code kubernetes.io/role=<role>}. */
    private static String roles(Unstructured node) {
        TreeSet<String> roles = new TreeSet<>();
        node.labels().forEach((key, value) -> {
            if (key.startsWith(ROLE_LABEL_PREFIX)) {
                String role = key.substring(ROLE_LABEL_PREFIX.length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (key.equals(LEGACY_ROLE_LABEL) && !value.isEmpty()) {
                roles.add(value);
            }
        });
        return Fields.orNone(String.join(",", roles));
    }

    private static String address(Unstructured node, String type) {
        for (JsonNode address : Fields.items(node.at("status.addresses"))) {
            if (Fields.text(address, "type").equals(type)) {
                return Fields.text(address, "address");
            }
        }
        return "<none>";
    }

    private static String orUnknown(String value) {
        return value.isEmpty() ? "<unknown>" : value;
    }
}
