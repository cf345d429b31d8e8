package dev.ordinal.registry.admissionregistration;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordinal.registry.printers.ValidatingAdmissionPolicyBindingTable;
import dev.ordinal.registry.printers.ValidatingAdmissionPolicyTable;
import dev.ordinal.registry.rest.ResourceDefinition;

import static dev.ordinal.registry.rest.ObjectSubresource.STATUS;

/** The admission policy kinds of admissionregistration.k8s.io/v1, both cluster-scoped. */
@Configuration(proxyBeanMethods = false)
class AdmissionPolicyResources {

    @Bean
    ResourceDefinition validatingAdmissionPolicies() {
        return ResourceDefinition.builder("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy",
                        "validatingadmissionpolicies")
                .strategy(new ValidatingAdmissionPolicyStrategy())
                .clusterScoped()
                .categories("api-extensions")
                .subresource("status", STATUS)
                .type(ValidatingAdmissionPolicy.class)
                .table(new ValidatingAdmissionPolicyTable())
                .build();
    }

    @Bean
    ResourceDefinition validatingAdmissionPolicyBindings() {
        return ResourceDefinition.builder("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding",
                        "validatingadmissionpolicybindings")
                .strategy(new ValidatingAdmissionPolicyBindingStrategy())
                .clusterScoped()
                .categories("api-extensions")
                .type(ValidatingAdmissionPolicyBinding.class)
                .table(new ValidatingAdmissionPolicyBindingTable())
                .build();
    }
}
