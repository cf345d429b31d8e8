package dev.ordinal.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server URL of a kubeconfig Ordinal wrote: one cluster, its {@code server:} line. The kit reads
 * only that, to reach the server itself; clients are given the whole file.
 */
final class KubeconfigServer {

    private KubeconfigServer() {
    }

    static URI read(Path kubeconfig) throws IOException {
        for (String line : Files.readAllLines(kubeconfig)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("server:")) {
                return URI.create(trimmed.substring("server:".length()).trim());
            }
        }
        throw new IOException("the kubeconfig " + kubeconfig + " names no server");
    }

    /** A kubeconfig for a running server known only by its URL, as Ordinal writes its own. */
    static String forUrl(URI server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: ordinal
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
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
                """.formatted(server);
    }
}
