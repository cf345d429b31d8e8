package dev.ordinal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes a kubeconfig that points at this server once it listens, and logs the command to try,
 * as kind and k3s do.
 */
@Component
class KubeconfigWriter {

    private static final Logger log = LoggerFactory.getLogger(KubeconfigWriter.class);

    private final OrdinalProperties properties;

    KubeconfigWriter(OrdinalProperties properties) {
        this.properties = properties;
    }

    @EventListener
    void onServing(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        Path path = properties.kubeconfig().toAbsolutePath();
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: ordinal
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: ordinal
                  context:
                    cluster: ordinal
                    user: ordinal
                    namespace: default
                current-context: ordinal
                users:
                - name: ordinal
                  user: {}
                """.formatted(port);
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, kubeconfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig to " + path, e);
        }
        log.info("Ordinal is serving the Kubernetes API on http://127.0.0.1:{}; try: kubectl --kubeconfig {} get statefulsets",
                port, path);
    }
}
