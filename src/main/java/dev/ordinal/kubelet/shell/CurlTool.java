package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ordinal.kubelet.container.FileError;

/**
 * {@code curl [options] URL...} over the cluster network, with its everyday options: {@code -s}
 * (silent; {@code -S} still shows errors), {@code -o file}, {@code -O}, {@code -i} (the head
 * too), {@code -I} (HEAD), {@code -f} (fail on an HTTP error), {@code -L} (follow redirects),
 * {@code -X method}, {@code -H header}, and {@code -m}/{@code --connect-timeout} (accepted; the
 * simulated network answers at once). Exit codes are curl's: 3 for a bad URL, 6 for a name that
 * does not resolve, 7 for a refused connection, 22 for an HTTP error under {@code -f}, 23 for an
 * output file it cannot write. There is no progress meter and no TLS.
 */
final class CurlTool implements Tool {

    private static final int MAX_REDIRECTS = 50;

    @Override
    public int run(Invocation invocation) throws IOException {
        boolean silent = false;
        boolean showError = false;
        boolean include = false;
        boolean fail = false;
        boolean follow = false;
        boolean remoteName = false;
        String method = null;
        String output = null;
        List<String> headers = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<String> args = invocation.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--")) {
                switch (arg) {
                    case "--silent" -> silent = true;
                    case "--show-error" -> showError = true;
                    case "--include" -> include = true;
                    case "--head" -> method = "HEAD";
                    case "--fail" -> fail = true;
                    case "--location" -> follow = true;
                    case "--remote-name" -> remoteName = true;
                    case "--output" -> output = value(args, ++i);
                    case "--request" -> method = value(args, ++i);
                    case "--header" -> headers.add(value(args, ++i));
                    case "--max-time", "--connect-timeout", "--retry", "--user-agent" -> i++;
                    default -> {
                        return error(invocation, silent, showError, 2, "option " + arg + ": is unknown");
                    }
                }
                continue;
            }
            if (!arg.startsWith("-") || arg.length() == 1) {
                urls.add(arg);
                continue;
            }
            for (int j = 1; j < arg.length(); j++) {
                char flag = arg.charAt(j);
                String rest = arg.substring(j + 1);
                switch (flag) {
                    case 's' -> silent = true;
                    case 'S' -> showError = true;
                    case 'i' -> include = true;
                    case 'I' -> method = "HEAD";
                    case 'f' -> fail = true;
                    case 'L' -> follow = true;
                    case 'O' -> remoteName = true;
                    case 'v', 'k' -> {
                    }
                    case 'o', 'X', 'H', 'm', 'A' -> {
                        String value = rest.isEmpty() ? value(args, ++i) : rest;
                        if (flag == 'o') {
                            output = value;
                        } else if (flag == 'X') {
                            method = value;
                        } else if (flag == 'H') {
                            headers.add(value);
                        }
                        j = arg.length();
                    }
                    default -> {
                        return error(invocation, silent, showError, 2, "option -" + flag + ": is unknown");
                    }
                }
            }
        }
        if (urls.isEmpty()) {
            return error(invocation, silent, showError, 2, "no URL specified");
        }
        int status = 0;
        for (String url : urls) {
            status = fetch(invocation, url, method == null ? "GET" : method, headers, silent, showError, include
                    || "HEAD".equals(method), "HEAD".equals(method), fail, follow, remoteName, output);
        }
        return status;
    }

    private static String value(List<String> args, int index) {
        return index < args.size() ? args.get(index) : "";
    }

    private int fetch(Invocation invocation, String url, String method, List<String> headers, boolean silent,
                      boolean showError, boolean include, boolean headOnly, boolean fail, boolean follow,
                      boolean remoteName, String output) throws IOException {
        Optional<HttpExchange.Target> parsed = HttpExchange.Target.parse(url);
        if (parsed.isEmpty() || !parsed.get().scheme().equals("http")) {
            String reason = parsed.isPresent() ? "Protocol \"" + parsed.get().scheme() + "\" not supported"
                    : "URL rejected: Malformed input to a URL function";
            return error(invocation, silent, showError, parsed.isPresent() ? 1 : 3, reason);
        }
        HttpExchange.Target target = parsed.get();
        List<String> request = new ArrayList<>(List.of("User-Agent: curl/8.5.0", "Accept: */*"));
        request.addAll(headers);
        HttpExchange.Response response;
        int redirects = 0;
        while (true) {
            String address;
            try {
                address = HttpExchange.resolve(invocation.container(), target.host());
            } catch (HttpExchange.UnknownHost e) {
                return error(invocation, silent, showError, 6, "Could not resolve host: " + target.host());
            }
            try {
                response = HttpExchange.send(invocation.container(), address, target, method, request);
            } catch (ConnectException e) {
                return error(invocation, silent, showError, 7, "Failed to connect to " + target.host() + " port "
                        + target.port() + " after 0 ms: Couldn't connect to server");
            }
            String location = response.header("Location");
            if (!follow || response.status() / 100 != 3 || location.isEmpty() || redirects++ >= MAX_REDIRECTS) {
                break;
            }
            target = target.resolve(location);
        }
        if (fail && response.status() >= 400) {
            return error(invocation, silent, showError, 22,
                    "The requested URL returned error: " + response.status());
        }
        byte[] head = include ? response.head().getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
        byte[] body = headOnly ? new byte[0] : response.body();
        String file = remoteName ? target.fileName() : output;
        if (file == null || file.equals("-")) {
            invocation.io().out().write(head);
            invocation.io().out().write(body);
            invocation.io().out().flush();
            return 0;
        }
        try {
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            invocation.filesystem().write(invocation.path(file), all, false);
        } catch (FileError e) {
            return error(invocation, silent, showError, 23, "Failure writing output to destination");
        }
        return 0;
    }

    /** curl's {@code curl: (N) message} on stderr, unless silenced without {@code -S}. */
    private static int error(Invocation invocation, boolean silent, boolean showError, int code, String message)
            throws IOException {
        if (!silent || showError) {
            invocation.io().error("curl: (" + code + ") " + message + "\n");
        }
        return code;
    }
}
