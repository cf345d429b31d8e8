package dev.ordinal.security;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code ordinal.security}, after kube-apiserver's and kubeadm's.
 *
 * @param enabled   serve TLS and authenticate every request, as kube-apiserver does; off, every
 *                  request is {@link UserInfo#UNSECURED} over plain HTTP
 * @param tokenFile a static token file in the format of kube-apiserver's {@code --token-auth-file};
 *                  none when not set
 * @param certSans  names and addresses the serving certificate is valid for beyond the usual ones,
 *                  kubeadm's {@code apiServer.certSANs}
 */
@ConfigurationProperties("ordinal.security")
public record SecurityProperties(boolean enabled, Path tokenFile, List<String> certSans) {

    public SecurityProperties {
        certSans = certSans == null ? List.of() : List.copyOf(certSans);
    }
}
