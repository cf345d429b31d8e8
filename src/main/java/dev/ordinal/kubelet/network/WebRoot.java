package dev.ordinal.kubelet.network;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileNode;
import dev.ordinal.machinery.pod.SimulationAnnotations;

/**
 * Where a container's web server keeps its documents: the directory the pod's
 * {@value SimulationAnnotations#WEB_ROOT} annotation names, else the one its image's server is
 * configured with (nginx's {@code /usr/share/nginx/html}, httpd's {@code /usr/local/apache2/htdocs},
 * each with the image's own {@code index.html}); other images serve {@code /usr/share/html}, which
 * is empty unless something writes there.
 */
public record WebRoot(String directory, String software) {

    private static final WebRoot NGINX = new WebRoot("/usr/share/nginx/html", "nginx");
    private static final WebRoot HTTPD = new WebRoot("/usr/local/apache2/htdocs", "Apache");
    private static final WebRoot OTHER = new WebRoot("/usr/share/html", "ordinal");

    private static final String NGINX_INDEX = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>Welcome to nginx!</title>
            </head>
            <body>
            <h1>Welcome to nginx!</h1>
            <p>If you see this page, the nginx web server is successfully installed and
            working. Further configuration is required.</p>
            </body>
            </html>
            """;
    private static final String HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n";

    /** The web root of the container {@code spec} of a pod with {@code annotations}. */
    public static WebRoot of(Map<String, String> annotations, JsonNode spec) {
        WebRoot image = ofImage(spec.path("image").asString(""));
        String annotated = annotations.getOrDefault(SimulationAnnotations.WEB_ROOT, "");
        return annotated.startsWith("/") ? new WebRoot(ContainerFilesystem.resolve("/", annotated), image.software)
                : image;
    }

    /** Puts the image's own documents in its web root, as the image ships them (before volumes hide them). */
    public static void install(ContainerFilesystem filesystem, String image) {
        WebRoot root = ofImage(image);
        String index = root == NGINX ? NGINX_INDEX : root == HTTPD ? HTTPD_INDEX : null;
        if (index != null) {
            Instant now = filesystem.clock().instant();
            filesystem.mkdir(root.directory, true);
            filesystem.place(root.directory + "/index.html",
                    new FileNode.RegularFile(index.getBytes(StandardCharsets.UTF_8), 0644, now));
        }
    }

    /** By the image's repository name, whatever its registry and tag (nginx, nginx-slim, bitnami/nginx). */
    private static WebRoot ofImage(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1).replaceFirst("[:@].*$", "");
        if (name.startsWith("nginx")) {
            return NGINX;
        }
        return name.startsWith("httpd") ? HTTPD : OTHER;
    }
}
