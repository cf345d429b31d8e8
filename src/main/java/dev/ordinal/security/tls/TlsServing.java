package dev.ordinal.security.tls;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import dev.ordinal.dns.DnsProperties;
import dev.ordinal.pki.ClusterCertificateAuthority;
import dev.ordinal.registry.core.ipallocator.ServiceNetworkProperties;
import dev.ordinal.security.SecurityProperties;

/**
 * With security on, the API is served over TLS only, as kube-apiserver's secure port: the
 * {@link ServingCertificate}, and a request for a client certificate that the client may decline
 * ({@code certificateVerification="optional"}, kube-apiserver's {@code tls.RequestClientCert}).
 * The setting is read at run time, not by a conditional bean: the packaged server starts from bean
 * definitions Spring AOT fixed at build time.
 */
@Component
class TlsServing implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    private final SecurityProperties security;
    private final ClusterCertificateAuthority authority;
    private final ServiceNetworkProperties services;
    private final DnsProperties dns;
    private final String listenAddress;

    TlsServing(SecurityProperties security, ClusterCertificateAuthority authority, ServiceNetworkProperties services,
               DnsProperties dns, @Value("${server.address:}") String listenAddress) {
        this.security = security;
        this.authority = authority;
        this.services = services;
        this.dns = dns;
        this.listenAddress = listenAddress;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        if (!security.enabled()) {
            return;
        }
        ServingCertificate serving = new ServingCertificate(authority, security, services, dns, listenAddress);
        factory.addConnectorCustomizers(connector -> {
            if (!(connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol)) {
                throw new IllegalStateException("cannot serve TLS on " + connector.getProtocolHandler());
            }
            SSLHostConfig host = new SSLHostConfig();
            host.setHostName(protocol.getDefaultSSLHostConfigName());
            host.setCertificateVerification("optional");
            SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
                    SSLHostConfigCertificate.Type.RSA);
            certificate.setSslContext(new ServingTlsContext(serving.certificate(), authority.certificate()));
            host.addCertificate(certificate);
            protocol.addSslHostConfig(host, true);
            protocol.setSSLEnabled(true);
            connector.setScheme("https");
            connector.setSecure(true);
        });
    }
}
