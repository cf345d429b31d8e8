package dev.ordinal.controller.clusterroleaggregation;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.ResourceEventHandlerRegistration;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * Upstream's ClusterRole aggregation controller ({@code pkg/controller/clusterroleaggregation}):
 * any change to any ClusterRole queues every ClusterRole with an aggregation rule, and each gets
 * the rules {@link AggregatedRules} works out, written only when they differ. This is how
 * {@code admin}, {@code edit} and {@code view} gain the rules of roles labelled
 * {@code rbac.authorization.k8s.io/aggregate-to-view: "true"} and the like.
 */
@Component
class ClusterRoleAggregationController {

    private final GenericRegistry registry;
    private final ResourceDefinition clusterRoles;
    private final SharedIndexInformer roles;
    private final WorkQueue queue = new WorkQueue("clusterrole-aggregation");
    private final ControllerLoop loop;
    private ResourceEventHandlerRegistration handler;

    ClusterRoleAggregationController(GenericRegistry registry, ResourceRegistry resources,
                                     SharedInformerFactory informers) {
        this.registry = registry;
        this.clusterRoles = resources.byResource("rbac.authorization.k8s.io", "v1", "clusterroles").orElseThrow();
        this.roles = informers.informerFor(clusterRoles);
        this.loop = new ControllerLoop("clusterrole-aggregation", queue, this::reconcile, 1);
    }

    @PostConstruct
    void start() {
        handler = roles.addEventHandler(ResourceEventHandler.forEveryChange(changed -> enqueueAggregated()));
        loop.start(handler);
    }

    @PreDestroy
    void stop() {
        loop.stop();
    }

    @Scheduled(fixedDelayString = "${ordinal.controllers.resync:30s}")
    void resync() {
        enqueueAggregated();
    }

    private void enqueueAggregated() {
        for (Unstructured role : roles.list()) {
            if (role.json().path("aggregationRule").isObject()) {
                queue.add(role.name());
            }
        }
    }

    long reconcile(String name) {
        Unstructured role = roles.get("", name).orElse(null);
        if (role == null) {
            return 0;
        }
        List<JsonNode> rules = AggregatedRules.of(role, roles.list());
        if (rules == null || rules.equals(currentRules(role))) {
            return 0;
        }
        Unstructured updated = role.deepCopy();
        ArrayNode list = updated.json().putArray("rules");
        rules.forEach(list::add);
        try {
            registry.update(clusterRoles, "", name, updated, null, WriteOptions.defaults());
        } catch (StatusError e) {
            // 409: the cache is behind and the next event brings the role again; 404: it is gone.
            if (e.code() != 409 && e.code() != 404) {
                throw e;
            }
        }
        return 0;
    }

    private static List<JsonNode> currentRules(Unstructured role) {
        List<JsonNode> rules = new ArrayList<>();
        role.json().path("rules").forEach(rules::add);
        return rules;
    }
}
