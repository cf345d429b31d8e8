package dev.ordinal.registry.printers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.TableConvertor;

/**
 * {@code kubectl get rolebindings} and {@code clusterrolebindings}: NAME ROLE AGE, and with
 * {@code -o wide} USERS GROUPS SERVICEACCOUNTS, as upstream's {@code printRoleBinding}: the role
 * as {@code Kind/name}, ServiceAccounts as {@code namespace/name}, each list comma-separated.
 */
public final class RoleBindingTable implements TableConvertor {

    private static final List<Column> COLUMNS = List.of(
            Columns.NAME,
            Column.string("Role", "The Role or ClusterRole the binding grants (roleRef), as Kind/name."),
            Columns.AGE,
            Column.wide("Users", "Users in the roleBinding"),
            Column.wide("Groups", "Groups in the roleBinding"),
            Column.wide("ServiceAccounts", "ServiceAccounts in the roleBinding"));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(Unstructured binding, Instant now) {
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> serviceAccounts = new ArrayList<>();
        for (JsonNode subject : Fields.items(binding.at("subjects"))) {
            String name = Fields.text(subject, "name");
            switch (Fields.text(subject, "kind")) {
                case "User" -> users.add(name);
                case "Group" -> groups.add(name);
                case "ServiceAccount" -> serviceAccounts.add(Fields.text(subject, "namespace") + "/" + name);
                default -> { }
            }
        }
        JsonNode roleRef = binding.at("roleRef");
        return List.of(binding.name(), Fields.text(roleRef, "kind") + "/" + Fields.text(roleRef, "name"),
                Timestamps.age(binding, now), String.join(", ", users), String.join(", ", groups),
                String.join(", ", serviceAccounts));
    }
}
