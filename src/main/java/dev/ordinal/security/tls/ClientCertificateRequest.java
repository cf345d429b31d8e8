package dev.ordinal.security.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What the TLS handshake does with a client certificate: it asks for one issued by the cluster CA
 * and takes whatever the client sends without checking it, as kube-apiserver's
 * {@code tls.RequestClientCert}. The x509 authenticator checks the chain for each request, so a
 * certificate of another CA is answered 401 Unauthorized as upstream, not with a failed handshake.
 */
final class ClientCertificateRequest extends X509ExtendedTrustManager {

    private final X509Certificate authority;

    ClientCertificateRequest(X509Certificate authority) {
        this.authority = authority;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the API server trusts no servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** The CA named in the handshake's CertificateRequest, so clients offer a certificate it signed. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {authority};
    }
}
