package dev.ordinal.security.tls;

import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

import dev.ordinal.pki.ClusterCertificateAuthority.SignedCertificate;

/**
 * The TLS context Tomcat serves with: the serving certificate and its key, and the client
 * certificate request of {@link ClientCertificateRequest}. Tomcat builds its contexts from key and
 * trust store files, whose trust manager would end a handshake with a certificate of another CA;
 * an {@link org.apache.tomcat.util.net.SSLContext} of our own lets the trust manager be ours.
 */
final class ServingTlsContext implements org.apache.tomcat.util.net.SSLContext {

    private static final char[] IN_MEMORY = new char[0];

    private final SSLContext context;
    private final X509Certificate serving;
    private final X509Certificate authority;

    ServingTlsContext(SignedCertificate serving, X509Certificate authority) {
        this.serving = serving.certificate();
        this.authority = authority;
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("serving", serving.key(), IN_MEMORY, new X509Certificate[] {this.serving});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, IN_MEMORY);
            this.context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), new TrustManager[] {new ClientCertificateRequest(authority)},
                    null);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the serving TLS context", e);
        }
    }

    /** Made ready in the constructor: Tomcat initialises only the contexts it makes itself. */
    @Override
    public void init(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
            throws KeyManagementException {
        context.init(keyManagers, trustManagers, random);
    }

    @Override
    public void destroy() {
    }

    @Override
    public SSLSessionContext getServerSessionContext() {
        return context.getServerSessionContext();
    }

    @Override
    public SSLEngine createSSLEngine() {
        return context.createSSLEngine();
    }

    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        return context.getServerSocketFactory();
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return context.getSupportedSSLParameters();
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return new X509Certificate[] {serving};
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {authority};
    }
}
