package dev.ordinal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Server-wide settings under {@code ordinal.*}.
 *
 * @param kubeconfig        where the server writes a kubeconfig pointing at itself
 * @param kubernetesVersion the Kubernetes version reported by {@code /version}; its minor selects
 *                          the kubectl client the version dispatcher runs
 */
@ConfigurationProperties("ordinal")
public record OrdinalProperties(Path kubeconfig, String kubernetesVersion) {

    public OrdinalProperties {
        if (kubeconfig == null) {
            kubeconfig = Path.of("ordinal.kubeconfig");
        }
        if (kubernetesVersion == null) {
            kubernetesVersion = "1.32.4";
        }
    }
}
