package dev.ordinal.registry.admissionregistration;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ordinal.registry.printers.WebhookConfigurationTable;
import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The admission webhook configurations of admissionregistration.k8s.io/v1, cluster-scoped, which
 * the webhook admission plugins read to decide whom to call.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfigurationResources {

    static final String GROUP = "admissionregistration.k8s.io";

    @Bean
    ResourceDefinition validatingWebhookConfigurations() {
        return ResourceDefinition.builder(GROUP, "v1", "ValidatingWebhookConfiguration",
                        "validatingwebhookconfigurations")
                .strategy(new WebhookConfigurationStrategy(false))
                .clusterScoped()
                .categories("api-extensions")
                .type(ValidatingWebhookConfiguration.class)
                .table(new WebhookConfigurationTable())
                .build();
    }

    @Bean
    ResourceDefinition mutatingWebhookConfigurations() {
        return ResourceDefinition.builder(GROUP, "v1", "MutatingWebhookConfiguration",
                        "mutatingwebhookconfigurations")
                .strategy(new WebhookConfigurationStrategy(true))
                .clusterScoped()
                .categories("api-extensions")
                .type(MutatingWebhookConfiguration.class)
                .table(new WebhookConfigurationTable())
                .build();
    }
}
