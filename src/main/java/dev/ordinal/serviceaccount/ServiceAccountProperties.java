package dev.ordinal.serviceaccount;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code ordinal.service-accounts}, after kube-apiserver's flags.
 *
 * @param issuer       the {@code iss} of the tokens and of the OpenID discovery document,
 *                     {@code --service-account-issuer} (kubeadm's default)
 * @param apiAudiences the audiences a TokenRequest that names none gets, {@code --api-audiences};
 *                     the issuer when not set, as kube-apiserver defaults it
 */
@ConfigurationProperties("ordinal.service-accounts")
public record ServiceAccountProperties(String issuer, List<String> apiAudiences) {

    public ServiceAccountProperties {
        if (issuer == null || issuer.isBlank()) {
            issuer = "https://kubernetes.default.svc.cluster.local";
        }
        if (apiAudiences == null || apiAudiences.isEmpty()) {
            apiAudiences = List.of(issuer);
        }
    }
}
