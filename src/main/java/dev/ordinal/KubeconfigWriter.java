package dev.ordinal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.ordinal.pki.ClusterCertificateAuthority;
import dev.ordinal.pki.ClusterCertificateAuthority.SignedCertificate;
import dev.ordinal.security.SecurityProperties;

/**
 * Writes a kubeconfig that points at this server once it serves, and logs the command to try,
 * as kind and k3s do.
 */
@Component
public class KubeconfigWriter {

    private static final Logger log = LoggerFactory.getLogger(KubeconfigWriter.class);

    /** kubeadm's {@code admin.conf} user: a client certificate in {@code system:masters}. */
    private static final X500Name ADMIN = new X500Name("O=system:masters,CN=kubernetes-admin");

    private final OrdinalProperties properties;
    private final SecurityProperties security;
    private final ClusterCertificateAuthority authority;

    KubeconfigWriter(OrdinalProperties properties, SecurityProperties security,
                     ClusterCertificateAuthority authority) {
        this.properties = properties;
        this.security = security;
        this.authority = authority;
    }

    /**
     * The kubeconfig of a server on this port, with {@code namespace} as the context's default. The
     * tests drive kubectl and the other clients with this same text, so they accept what users get.
     *
     * <p>The server speaks plain HTTP, yet the cluster entry says {@code insecure-skip-tls-verify:
     * true}: the JavaScript client ({@code @kubernetes/client-node} 1.x and later) refuses any
     * {@code http://} server without it ("HTTP protocol is not allowed when skipTLSVerify is not set
     * or false") before sending a request. kubectl, client-go and the Python client ignore the flag
     * for {@code http://} (there is no TLS to verify), so it changes nothing for them.
     */
    public static String kubeconfig(int port, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: ordinal
                  cluster:
                    server: http://127.0.0.1:%d
                    insecure-skip-tls-verify: true
                contexts:
                - name: ordinal
                  context:
                    cluster: ordinal
                    user: ordinal
                    namespace: %s
                current-context: ordinal
                users:
                - name: ordinal
                  user: {}
                """.formatted(port, namespace);
    }

    /**
     * The kubeconfig of a server on this port that serves TLS, as kubeadm's {@code admin.conf}:
     * the cluster CA to verify the server with, and the admin's client certificate and key.
     */
    static String secureKubeconfig(int port, String namespace, String authorityPem, SignedCertificate admin) {
        Base64.Encoder base64 = Base64.getEncoder();
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: ordinal
                  cluster:
                    server: https://127.0.0.1:%d
                    certificate-authority-data: %s
                contexts:
                - name: ordinal
                  context:
                    cluster: ordinal
                    user: kubernetes-admin
                    namespace: %s
                current-context: ordinal
                users:
                - name: kubernetes-admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(port, base64.encodeToString(authorityPem.getBytes(StandardCharsets.US_ASCII)),
                namespace, base64.encodeToString(admin.certificatePem().getBytes(StandardCharsets.US_ASCII)),
                base64.encodeToString(admin.keyPem().getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Written once everything serves, the API and DNS alike, so that a script that waits for the
     * file can use the cluster at once.
     */
    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        int port = web.getWebServer().getPort();
        Path path = properties.kubeconfig().toAbsolutePath();
        String kubeconfig = security.enabled()
                ? secureKubeconfig(port, "default", authority.certificatePem(), authority.kept("admin", ADMIN,
                        ClusterCertificateAuthority.Usage.CLIENT, List.of()))
                : kubeconfig(port, "default");
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            // It holds the admin's key: readable by its owner only, as kubeadm writes admin.conf.
            Files.writeString(path, kubeconfig);
            restrictToOwner(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig to " + path, e);
        }
        if (!security.enabled()) {
            warnWhenReachableFromOtherHosts(event.getApplicationContext().getEnvironment()
                    .getProperty("server.address"));
        }
        log.info("Ordinal is serving the Kubernetes API on {}://127.0.0.1:{}; try: kubectl --kubeconfig {} get "
                + "statefulsets", security.enabled() ? "https" : "http", port, path);
    }

    private static void restrictToOwner(Path path) throws IOException {
        if (Files.getFileAttributeView(path, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Without authentication anyone who reaches the port may read every Secret. */
    private static void warnWhenReachableFromOtherHosts(String address) {
        boolean loopback;
        try {
            loopback = address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            log.warn("The API listens on {} without authentication or TLS: anyone who can reach it can read every "
                    + "Secret and change anything. Set server.address=127.0.0.1 unless other hosts must reach it, "
                    + "or ordinal.security.enabled=true.",
                    address == null ? "every interface" : address);
        }
    }
}
