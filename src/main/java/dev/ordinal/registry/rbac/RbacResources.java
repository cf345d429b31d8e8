package dev.ordinal.registry.rbac;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordinal.registry.printers.RoleBindingTable;
import dev.ordinal.registry.printers.RoleTable;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding and ClusterRoleBinding. Their
 * strategies look the escalation check up when a write comes: it reads roles and bindings
 * through the registry these definitions are part of.
 */
@Configuration(proxyBeanMethods = false)
public class RbacResources {

    public static final String GROUP = "rbac.authorization.k8s.io";

    @Bean
    ResourceDefinition roles(ObjectProvider<Escalation> escalation) {
        return ResourceDefinition.builder(GROUP, "v1", "Role", "roles")
                .strategy(new RoleStrategy(escalation::getObject))
                .type(Role.class)
                .table(new RoleTable())
                .build();
    }

    @Bean
    ResourceDefinition clusterRoles(ObjectProvider<Escalation> escalation) {
        return ResourceDefinition.builder(GROUP, "v1", "ClusterRole", "clusterroles")
                .clusterScoped()
                .strategy(new ClusterRoleStrategy(escalation::getObject))
                .type(ClusterRole.class)
                .table(new RoleTable())
                .build();
    }

    @Bean
    ResourceDefinition roleBindings(ObjectProvider<Escalation> escalation) {
        return ResourceDefinition.builder(GROUP, "v1", "RoleBinding", "rolebindings")
                .strategy(RoleBindingStrategy.roleBindings(escalation::getObject))
                .type(RoleBinding.class)
                .table(new RoleBindingTable())
                .build();
    }

    @Bean
    ResourceDefinition clusterRoleBindings(ObjectProvider<Escalation> escalation) {
        return ResourceDefinition.builder(GROUP, "v1", "ClusterRoleBinding", "clusterrolebindings")
                .clusterScoped()
                .strategy(RoleBindingStrategy.clusterRoleBindings(escalation::getObject))
                .type(ClusterRoleBinding.class)
                .table(new RoleBindingTable())
                .build();
    }
}
