package dev.ordinal.registry.rbac;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.BootObjects;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Upstream's bootstrap policy ({@code plugin/pkg/auth/authorizer/rbac/bootstrappolicy}) for the
 * roles a user of the API meets: {@code cluster-admin}; the user-facing {@code admin},
 * {@code edit} and {@code view}, whose rules the aggregation controller gathers from the
 * {@code system:aggregate-to-*} roles and from any ClusterRole labelled to aggregate into them;
 * {@code system:discovery}, {@code system:basic-user}, {@code system:public-info-viewer} and
 * {@code system:monitoring}; and their bindings. Each object carries upstream's
 * {@code rbac.authorization.kubernetes.io/autoupdate: "true"} annotation and
 * {@code kubernetes.io/bootstrapping: rbac-defaults} label. Missing ones are created at start and
 * after a reset; one a user changed is left as it is.
 */
@Component
class BootstrapPolicy implements ApplicationRunner, BootObjects {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE = List.of("create", "delete", "deletecollection", "patch", "update");
    private static final List<String> READ_WRITE = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");
    private static final String AGGREGATE_TO = "rbac.authorization.k8s.io/aggregate-to-";

    private final GenericRegistry registry;
    private final ResourceDefinition clusterRoles;
    private final ResourceDefinition clusterRoleBindings;

    BootstrapPolicy(GenericRegistry registry, ResourceRegistry resources) {
        this.registry = registry;
        this.clusterRoles = resources.byResource(RbacResources.GROUP, "v1", "clusterroles").orElseThrow();
        this.clusterRoleBindings = resources.byResource(RbacResources.GROUP, "v1", "clusterrolebindings").orElseThrow();
    }

    @Override
    public void run(ApplicationArguments args) {
        create();
    }

    @Override
    public void create() {
        clusterRoles().forEach(role -> ensure(clusterRoles, role));
        clusterRoleBindings().forEach(binding -> ensure(clusterRoleBindings, binding));
    }

    private void ensure(ResourceDefinition definition, ObjectNode object) {
        String name = object.path("metadata").path("name").asString("");
        if (registry.find(definition, "", name).isPresent()) {
            return;
        }
        try {
            registry.create(definition, "", new Unstructured(object), WriteOptions.defaults());
        } catch (StatusError e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    static List<ObjectNode> clusterRoles() {
        List<ObjectNode> roles = new ArrayList<>();
        roles.add(role("cluster-admin", Map.of(),
                rule(List.of("*"), List.of("*"), "*"),
                urls(List.of("*"), "*")));
        roles.add(aggregated("admin", "admin", Map.of()));
        roles.add(aggregated("edit", "edit", Map.of(AGGREGATE_TO + "admin", "true")));
        roles.add(aggregated("view", "view", Map.of(AGGREGATE_TO + "edit", "true")));
        roles.add(role("system:aggregate-to-admin", Map.of(AGGREGATE_TO + "admin", "true"),
                rule(List.of("create"), List.of("authorization.k8s.io"), "localsubjectaccessreviews"),
                rule(READ_WRITE, List.of("rbac.authorization.k8s.io"), "rolebindings", "roles")));
        roles.add(role("system:aggregate-to-edit", Map.of(AGGREGATE_TO + "edit", "true"),
                rule(READ, List.of(""), "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets",
                        "services/proxy"),
                rule(List.of("impersonate"), List.of(""), "serviceaccounts"),
                rule(WRITE, List.of(""), "pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"),
                rule(List.of("create"), List.of(""), "pods/eviction"),
                rule(WRITE, List.of(""), "configmaps", "events", "persistentvolumeclaims", "replicationcontrollers",
                        "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"),
                rule(List.of("create"), List.of(""), "serviceaccounts/token"),
                rule(WRITE, List.of("apps"), "daemonsets", "deployments", "deployments/rollback",
                        "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"),
                rule(WRITE, List.of("autoscaling"), "horizontalpodautoscalers"),
                rule(WRITE, List.of("batch"), "cronjobs", "jobs"),
                rule(WRITE, List.of("extensions"), "daemonsets", "deployments", "deployments/rollback",
                        "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale",
                        "replicationcontrollers/scale"),
                rule(WRITE, List.of("policy"), "poddisruptionbudgets"),
                rule(WRITE, List.of("networking.k8s.io"), "ingresses", "networkpolicies"),
                rule(READ_WRITE, List.of("coordination.k8s.io"), "leases")));
        roles.add(role("system:aggregate-to-view", Map.of(AGGREGATE_TO + "view", "true"),
                rule(READ, List.of(""), "configmaps", "endpoints", "persistentvolumeclaims",
                        "persistentvolumeclaims/status", "pods", "replicationcontrollers",
                        "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"),
                rule(READ, List.of(""), "bindings", "events", "limitranges", "namespaces/status", "pods/log",
                        "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"),
                rule(READ, List.of(""), "namespaces"),
                rule(READ, List.of("discovery.k8s.io"), "endpointslices"),
                rule(READ, List.of("apps"), "controllerrevisions", "daemonsets", "daemonsets/status", "deployments",
                        "deployments/scale", "deployments/status", "replicasets", "replicasets/scale",
                        "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"),
                rule(READ, List.of("autoscaling"), "horizontalpodautoscalers", "horizontalpodautoscalers/status"),
                rule(READ, List.of("batch"), "cronjobs", "cronjobs/status", "jobs", "jobs/status"),
                rule(READ, List.of("extensions"), "daemonsets", "daemonsets/status", "deployments",
                        "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies",
                        "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"),
                rule(READ, List.of("policy"), "poddisruptionbudgets", "poddisruptionbudgets/status"),
                rule(READ, List.of("networking.k8s.io"), "ingresses", "ingresses/status", "networkpolicies")));
        roles.add(role("system:discovery", Map.of(),
                urls(List.of("get"), "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi",
                        "/openapi/*", "/readyz", "/version", "/version/")));
        roles.add(role("system:basic-user", Map.of(),
                rule(List.of("create"), List.of("authorization.k8s.io"), "selfsubjectaccessreviews",
                        "selfsubjectrulesreviews"),
                rule(List.of("create"), List.of("authentication.k8s.io"), "selfsubjectreviews")));
        roles.add(role("system:public-info-viewer", Map.of(),
                urls(List.of("get"), "/healthz", "/livez", "/readyz", "/version", "/version/")));
        roles.add(role("system:monitoring", Map.of(),
                urls(List.of("get"), "/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis",
                        "/readyz", "/readyz/*")));
        return roles;
    }

    static List<ObjectNode> clusterRoleBindings() {
        return List.of(
                binding("cluster-admin", "cluster-admin", "system:masters"),
                binding("system:basic-user", "system:basic-user", "system:authenticated"),
                binding("system:discovery", "system:discovery", "system:authenticated"),
                binding("system:monitoring", "system:monitoring", "system:monitoring"),
                binding("system:public-info-viewer", "system:public-info-viewer", "system:authenticated",
                        "system:unauthenticated"));
    }

    private static ObjectNode role(String name, Map<String, String> labels, ObjectNode... rules) {
        ObjectNode role = metadata(name, labels);
        ArrayNode list = role.putArray("rules");
        for (ObjectNode rule : rules) {
            list.add(rule);
        }
        return role;
    }

    /** A role whose rules are those of every ClusterRole labelled {@code aggregate-to-<into>}. */
    private static ObjectNode aggregated(String name, String into, Map<String, String> labels) {
        ObjectNode role = metadata(name, labels);
        role.putObject("aggregationRule").putArray("clusterRoleSelectors").addObject().putObject("matchLabels")
                .put(AGGREGATE_TO + into, "true");
        return role;
    }

    private static ObjectNode binding(String name, String role, String... groups) {
        ObjectNode binding = metadata(name, Map.of());
        binding.putObject("roleRef").put("apiGroup", RbacResources.GROUP).put("kind", "ClusterRole").put("name", role);
        ArrayNode subjects = binding.putArray("subjects");
        for (String group : groups) {
            subjects.addObject().put("apiGroup", RbacResources.GROUP).put("kind", "Group").put("name", group);
        }
        return binding;
    }

    private static ObjectNode metadata(String name, Map<String, String> labels) {
        ObjectNode object = JSON.objectNode();
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        metadata.putObject("annotations").put("rbac.authorization.kubernetes.io/autoupdate", "true");
        ObjectNode labelNode = metadata.putObject("labels");
        labelNode.put("kubernetes.io/bootstrapping", "rbac-defaults");
        labels.forEach(labelNode::put);
        return object;
    }

    private static ObjectNode rule(List<String> verbs, List<String> groups, String... resources) {
        ObjectNode rule = JSON.objectNode();
        groups.forEach(rule.putArray("apiGroups")::add);
        ArrayNode list = rule.putArray("resources");
        for (String resource : resources) {
            list.add(resource);
        }
        verbs.forEach(rule.putArray("verbs")::add);
        return rule;
    }

    private static ObjectNode urls(List<String> verbs, String... urls) {
        ObjectNode rule = JSON.objectNode();
        ArrayNode list = rule.putArray("nonResourceURLs");
        for (String url : urls) {
            list.add(url);
        }
        verbs.forEach(rule.putArray("verbs")::add);
        return rule;
    }
}
