package dev.ordinal.registry.admission.webhook;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS a webhook call trusts: the certificates of the webhook's {@code caBundle} (base64 of PEM,
 * as it travels in JSON), or the JVM's default roots without one. A Service reference is called at
 * an endpoint's address, but its certificate must name the Service
 * ({@code <name>.<namespace>.svc}), the name upstream dials.
 */
final class WebhookTls {

    private WebhookTls() {
    }

    /** {@code serverName} null: the URL's host is verified, as usual for https. */
    static SSLContext context(String caBundle, String serverName) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(caBundle == null || caBundle.isEmpty() ? null : trustStore(caBundle));
            X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager manager = serverName == null ? trust : new ServerNameTrust(trust, serverName);
            context.init(null, new TrustManager[] {manager}, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            // Upstream's dispatcher fails to build the webhook's REST client, whose transport finds no
            // certificate in the bundle.
            throw new WebhookCallFailure("could not get REST client: unable to load root certificates: "
                    + "unable to parse bytes as PEM block");
        }
    }

    private static KeyStore trustStore(String caBundle) throws GeneralSecurityException, java.io.IOException {
        byte[] pem = Base64.getDecoder().decode(caBundle);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        if (i == 0) {
            throw new CertificateException("no certificates in caBundle");
        }
        return store;
    }

    /** Trusts the chain as {@code trust} does and checks the leaf's DNS names for the service's. */
    private static final class ServerNameTrust extends X509ExtendedTrustManager {

        private static final int DNS_NAME = 2;

        private final X509TrustManager trust;
        private final String serverName;

        ServerNameTrust(X509TrustManager trust, String serverName) {
            this.trust = trust;
            this.serverName = serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkServerTrusted(chain, authType);
            var names = chain[0].getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (Integer.valueOf(DNS_NAME).equals(name.get(0)) && serverName.equalsIgnoreCase((String) name.get(1))) {
                        return;
                    }
                }
            }
            throw new CertificateException("x509: certificate is not valid for " + serverName);
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

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a webhook client presents no certificate to check");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }
    }
}
