package dev.ordinal.security.tls;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import dev.ordinal.pki.ClusterCertificateAuthority;

/**
 * With security on, the API is served over TLS only, as kube-apiserver's secure port: the
 * {@link ServingCertificate}, and a request for a client certificate that the client may decline
 * ({@code certificateVerification="optional"}, kube-apiserver's {@code tls.RequestClientCert}).
 */
@Component
@ConditionalOnBooleanProperty("ordinal.security.enabled")
class TlsServing implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    private final ServingCertificate serving;
    private final ClusterCertificateAuthority authority;

    TlsServing(ServingCertificate serving, ClusterCertificateAuthority authority) {
        this.serving = serving;
        this.authority = authority;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
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
