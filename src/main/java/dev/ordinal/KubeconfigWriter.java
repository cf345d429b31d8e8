package dev.ordinal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes a kubeconfig that points at this server once it serves, and logs the command to try,
 * as kind and k3s do.
 */
@Component
public class KubeconfigWriter {

    private static final Logger log = LoggerFactory.getLogger(KubeconfigWriter.class);

    private final OrdinalProperties properties;

    KubeconfigWriter(OrdinalProperties properties) {
        this.properties = properties;
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
        String kubeconfig = kubeconfig(port, "default");
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig to " + path, e);
        }
        warnWhenReachableFromOtherHosts(event.getApplicationContext().getEnvironment().getProperty("server.address"));
        log.info("Ordinal is serving the Kubernetes API on http://127.0.0.1:{}; try: kubectl --kubeconfig {} get statefulsets",
                port, path);
    }

    /** Ordinal has no authentication: anyone who reaches the port may read every Secret. */
    private static void warnWhenReachableFromOtherHosts(String address) {
        boolean loopback;
        try {
            loopback = address != null && InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            log.warn("The API listens on {} without authentication or TLS: anyone who can reach it can read every "
                    + "Secret and change anything. Set server.address=127.0.0.1 unless other hosts must reach it.",
                    address == null ? "every interface" : address);
        }
    }
}
