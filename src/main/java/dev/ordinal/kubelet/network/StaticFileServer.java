package dev.ordinal.kubelet.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.FileNode;

/**
 * The web server behind a container's declared port: HTTP/1.1 on one connection, answering
 * {@code GET} and {@code HEAD} from the container's web root in its simulated filesystem, as a
 * plain static nginx or httpd configuration does: a file is 200 with its type, length and
 * modification time; a directory without its slash is redirected (301) to it; a directory is its
 * {@code index.html}, else 403 (no autoindex); a missing file is 404; other methods are 405.
 * Requests are served one after another until the client closes or asks to close.
 */
final class StaticFileServer {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final int MAX_HEAD = 16 * 1024;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "application/javascript"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"), Map.entry("xml", "text/xml"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"),
            Map.entry("svg", "image/svg+xml"), Map.entry("ico", "image/x-icon"));

    private final ContainerFilesystem filesystem;
    private final String root;
    private final String software;

    /**
     * @param root     the directory served as {@code /}
     * @param software the {@code Server} header and error page signature ({@code nginx}, {@code Apache})
     */
    StaticFileServer(ContainerFilesystem filesystem, String root, String software) {
        this.filesystem = filesystem;
        this.root = root;
        this.software = software;
    }

    /** Serves the requests read from {@code in} until the connection ends. */
    void serve(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String head = readHead(in);
            if (head == null) {
                return;
            }
            String[] lines = head.split("\r?\n");
            String[] request = lines[0].split(" ");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            if (request.length != 3 || !request[2].startsWith("HTTP/1.")) {
                respond(out, "GET", 400, "Bad Request", Map.of(), errorPage(400, "Bad Request"), false);
                return;
            }
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            boolean keepAlive = request[2].equals("HTTP/1.1") ? !connection.equals("close")
                    : connection.equals("keep-alive");
            skipBody(in, headers);
            answer(out, request[0], request[1], keepAlive);
            out.flush();
            if (!keepAlive) {
                return;
            }
        }
    }

    private void answer(OutputStream out, String method, String target, boolean keepAlive) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            respond(out, method, 405, "Not Allowed", Map.of(), errorPage(405, "Not Allowed"), keepAlive);
            return;
        }
        String path;
        try {
            path = new URI(target.startsWith("/") ? target : "/").getPath();
        } catch (URISyntaxException e) {
            respond(out, method, 400, "Bad Request", Map.of(), errorPage(400, "Bad Request"), false);
            return;
        }
        String file = ContainerFilesystem.resolve(root, "." + path);
        if (!file.equals(root) && !file.startsWith(root.endsWith("/") ? root : root + "/")) {
            file = root;
        }
        FileNode node = filesystem.find(file);
        if (node instanceof FileNode.Directory && !path.endsWith("/")) {
            respond(out, method, 301, "Moved Permanently", Map.of("Location", path + "/"),
                    errorPage(301, "Moved Permanently"), keepAlive);
            return;
        }
        if (node instanceof FileNode.Directory) {
            file = file.endsWith("/") ? file + "index.html" : file + "/index.html";
            node = filesystem.find(file);
            if (node == null) {
                respond(out, method, 403, "Forbidden", Map.of(), errorPage(403, "Forbidden"), keepAlive);
                return;
            }
        }
        if (!(node instanceof FileNode.RegularFile regular)) {
            respond(out, method, 404, "Not Found", Map.of(), errorPage(404, "Not Found"), keepAlive);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", type(file));
        headers.put("Last-Modified", HTTP_DATE.format(regular.modified()));
        headers.put("ETag", String.format("\"%x-%x\"", regular.modified().getEpochSecond(), regular.size()));
        headers.put("Accept-Ranges", "bytes");
        respond(out, method, 200, "OK", headers, regular.content(), keepAlive);
    }

    private void respond(OutputStream out, String method, int code, String reason, Map<String, String> extra,
                         byte[] body, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(code).append(' ').append(reason).append("\r\n");
        head.append("Server: ").append(software).append("\r\n");
        head.append("Date: ").append(HTTP_DATE.format(filesystem.clock().instant())).append("\r\n");
        if (!extra.containsKey("Content-Type")) {
            head.append("Content-Type: text/html\r\n");
        }
        extra.forEach((name, value) -> {
            if (name.equals("Content-Type")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n");
        extra.forEach((name, value) -> {
            if (!name.equals("Content-Type")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.write(body);
        }
    }

    /** The error page nginx writes (httpd's differs only in wording; the status is what clients read). */
    private byte[] errorPage(int code, String reason) {
        return ("<html>\r\n<head><title>" + code + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>"
                + code + " " + reason + "</h1></center>\r\n<hr><center>" + software
                + "</center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String type(String file) {
        String name = ContainerFilesystem.name(file);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "application/octet-stream"
                : TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }

    /** The request line and headers up to the blank line; null when the connection ended first. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (head.size() == 0 && (b == '\r' || b == '\n')) {
                continue;
            }
            head.write(b);
            if (b == '\n') {
                newlines++;
                if (newlines == 2) {
                    return head.toString(StandardCharsets.ISO_8859_1).strip();
                }
            } else if (b != '\r') {
                newlines = 0;
            }
        }
        return null;
    }

    private static void skipBody(InputStream in, Map<String, String> headers) throws IOException {
        long length;
        try {
            length = Long.parseLong(headers.getOrDefault("content-length", "0"));
        } catch (NumberFormatException e) {
            length = 0;
        }
        in.skipNBytes(Math.max(0, length));
    }
}
