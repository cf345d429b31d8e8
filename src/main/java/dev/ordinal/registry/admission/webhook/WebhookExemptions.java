package dev.ordinal.registry.admission.webhook;

import java.util.Set;

import dev.ordinal.registry.rest.ResourceDefinition;

/**
 * The resources no webhook is called for, upstream's {@code IsExemptAdmissionConfigurationResource}:
 * the admission configurations themselves, so a broken webhook can always be removed.
 */
final class WebhookExemptions {

    private static final Set<String> EXEMPT = Set.of("validatingwebhookconfigurations",
            "mutatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings",
            "mutatingadmissionpolicies", "mutatingadmissionpolicybindings");

    private WebhookExemptions() {
    }

    static boolean isExempt(ResourceDefinition definition) {
        return definition.group().equals("admissionregistration.k8s.io") && EXEMPT.contains(definition.plural());
    }
}
