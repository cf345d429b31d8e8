package dev.ordinal.controller.kubernetesservice;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code ordinal.kubernetes-service}.
 *
 * @param advertiseAddress the address the {@code kubernetes} Service's endpoints name, kube-apiserver's
 *                         {@code --advertise-address}; when not set, upstream's default: the address
 *                         the server is bound to, or, if that is loopback or every interface, the
 *                         host's first non-loopback IPv4 address
 */
@ConfigurationProperties("ordinal.kubernetes-service")
public record KubernetesServiceProperties(String advertiseAddress) {
}
