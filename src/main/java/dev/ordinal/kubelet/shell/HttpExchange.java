package dev.ordinal.kubelet.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ordinal.kubelet.container.ClusterNetwork;
import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.FileError;

/**
 * One HTTP/1.1 request from a container, as curl and wget make it: the URL's host is resolved as
 * the container's resolver does (its {@code /etc/hosts}, then the cluster DNS with the search
 * path and {@code ndots} of its {@code /etc/resolv.conf}), and the request goes over the
 * {@link ClusterNetwork} to what listens at the address and port. The connection carries this one
 * request and ends, as a client that closes after its answer.
 */
final class HttpExchange {

    private static final Pattern URL = Pattern.compile("(?:(https?)://)?([^/:?#]+)(?::(\\d+))?([^#]*)");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** A URL as the tools accept it: the scheme defaults to http, the path to {@code /}. */
    record Target(String scheme, String host, int port, String path) {

        static Optional<Target> parse(String url) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                return Optional.empty();
            }
            String scheme = m.group(1) == null ? "http" : m.group(1).toLowerCase(Locale.ROOT);
            int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : scheme.equals("https") ? 443 : 80;
            String path = m.group(4).isEmpty() ? "/" : m.group(4).startsWith("/") ? m.group(4) : "/" + m.group(4);
            return Optional.of(new Target(scheme, m.group(2), port, path));
        }

        String hostHeader() {
            return port == 80 ? host : host + ":" + port;
        }

        /** The location of a redirect, relative to this URL. */
        Target resolve(String location) {
            if (location.matches("(?i)https?://.*")) {
                return parse(location).orElse(this);
            }
            String path = location.startsWith("/") ? location
                    : path().substring(0, path().lastIndexOf('/') + 1) + location;
            return new Target(scheme, host, port, path);
        }

        /** The file a download is saved as: the path's last segment, else index.html. */
        String fileName() {
            String name = path.replaceFirst("[?].*$", "");
            name = name.substring(name.lastIndexOf('/') + 1);
            return name.isEmpty() ? "index.html" : name;
        }
    }

    /** An answer: its status line, header lines and body. */
    record Response(String statusLine, int status, List<String> headerLines, byte[] body) {

        String header(String name) {
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }

        String head() {
            return statusLine + "\r\n" + String.join("\r\n", headerLines) + "\r\n\r\n";
        }
    }

    /** The name did not resolve. */
    static final class UnknownHost extends IOException {
        UnknownHost(String host) {
            super(host);
        }
    }

    private HttpExchange() {
    }

    /** The address the container's resolver gives {@code host}. */
    static String resolve(Container container, String host) throws UnknownHost {
        if (IPV4.matcher(host).matches()) {
            return loopbackToPod(container, host);
        }
        String hosts = read(container, "/etc/hosts");
        for (String line : hosts.split("\n")) {
            String[] fields = line.replaceFirst("#.*$", "").trim().split("\\s+");
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].equalsIgnoreCase(host) && IPV4.matcher(fields[0]).matches()) {
                    return loopbackToPod(container, fields[0]);
                }
            }
        }
        // The same search path and ndots as the container's other programs resolve names with.
        for (String candidate : StubResolver.of(container).candidates(host)) {
            List<String> addresses = container.network().addresses(candidate);
            if (!addresses.isEmpty()) {
                return addresses.get(0);
            }
        }
        throw new UnknownHost(host);
    }

    /** The container's own loopback reaches its own pod: the address /etc/hosts gives its hostname. */
    private static String loopbackToPod(Container container, String ip) {
        if (!ip.startsWith("127.")) {
            return ip;
        }
        for (String line : read(container, "/etc/hosts").split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1 && List.of(fields).subList(1, fields.length).contains(container.hostname())) {
                return fields[0];
            }
        }
        return ip;
    }

    private static String read(Container container, String path) {
        try {
            return new String(container.filesystem().read(path), StandardCharsets.UTF_8);
        } catch (FileError e) {
            return "";
        }
    }

    /**
     * Sends {@code method target} with {@code headers} to {@code address} and reads the answer.
     *
     * @throws ConnectException when nothing listens there
     */
    static Response send(Container container, String address, Target target, String method, List<String> headers)
            throws IOException {
        StringBuilder request = new StringBuilder();
        request.append(method).append(' ').append(target.path()).append(" HTTP/1.1\r\n");
        request.append("Host: ").append(target.hostHeader()).append("\r\n");
        headers.forEach(header -> request.append(header).append("\r\n"));
        request.append("\r\n");
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        container.network().connect(address, target.port(),
                new ByteArrayInputStream(request.toString().getBytes(StandardCharsets.ISO_8859_1)), answer);
        return parse(answer.toByteArray(), method.equals("HEAD"));
    }

    private static Response parse(byte[] bytes, boolean head) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("Empty reply from server");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        List<String> headerLines = List.of(lines).subList(1, lines.length);
        byte[] body = head ? new byte[0] : Arrays.copyOfRange(bytes, end + 4, bytes.length);
        Response response = new Response(lines[0], Integer.parseInt(status[1]), headerLines, body);
        String length = response.header("Content-Length");
        if (!head && !length.isEmpty() && Integer.parseInt(length) < body.length) {
            response = new Response(lines[0], response.status(), headerLines,
                    Arrays.copyOf(body, Integer.parseInt(length)));
        }
        return response;
    }
}
