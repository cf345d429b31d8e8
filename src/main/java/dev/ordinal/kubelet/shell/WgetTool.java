package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ordinal.kubelet.container.FileError;

/**
 * busybox's {@code wget [-q] [-O file] [-S] [--spider] [-T sec] [-U agent] URL...} over the
 * cluster network: redirects are followed; the document goes to the file the URL names (or
 * {@code index.html}), or to {@code -O}'s file, {@code -} being stdout; {@code -q} silences the
 * progress lines on stderr. Every failure is busybox's message and exit status 1. There is no
 * progress bar and no TLS.
 */
final class WgetTool implements Tool {

    private static final int MAX_REDIRECTS = 20;

    @Override
    public int run(Invocation invocation) throws IOException {
        boolean quiet = false;
        boolean serverResponse = false;
        boolean spider = false;
        String output = null;
        String agent = "Wget";
        List<String> urls = new ArrayList<>();
        List<String> args = invocation.args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--spider")) {
                spider = true;
            } else if (arg.equals("-q") || arg.equals("--quiet")) {
                quiet = true;
            } else if (arg.startsWith("--output-document=")) {
                output = arg.substring(arg.indexOf('=') + 1);
            } else if (arg.startsWith("-") && arg.length() > 1 && !arg.startsWith("--")) {
                for (int j = 1; j < arg.length(); j++) {
                    char flag = arg.charAt(j);
                    if (flag == 'q') {
                        quiet = true;
                    } else if (flag == 'S') {
                        serverResponse = true;
                    } else if (flag == 'O' || flag == 'T' || flag == 'U') {
                        String rest = arg.substring(j + 1);
                        String value = !rest.isEmpty() ? rest : i + 1 < args.size() ? args.get(++i) : "";
                        if (flag == 'O') {
                            output = value;
                        } else if (flag == 'U') {
                            agent = value;
                        }
                        break;
                    } else {
                        return invocation.fail("unrecognized option '" + arg + "'", 1);
                    }
                }
            } else {
                urls.add(arg);
            }
        }
        if (urls.isEmpty()) {
            return invocation.fail("missing URL", 1);
        }
        for (String url : urls) {
            int status = fetch(invocation, url, quiet, serverResponse, spider, output, agent);
            if (status != 0) {
                return status;
            }
        }
        return 0;
    }

    private int fetch(Invocation invocation, String url, boolean quiet, boolean serverResponse, boolean spider,
                      String output, String agent) throws IOException {
        Optional<HttpExchange.Target> parsed = HttpExchange.Target.parse(url);
        if (parsed.isEmpty() || !parsed.get().scheme().equals("http")) {
            return invocation.fail(parsed.isPresent() ? "not an http or ftp url: " + url : "bad address '" + url + "'",
                    1);
        }
        HttpExchange.Target target = parsed.get();
        HttpExchange.Response response;
        int redirects = 0;
        while (true) {
            String address;
            try {
                address = HttpExchange.resolve(invocation.container(), target.host());
            } catch (HttpExchange.UnknownHost e) {
                return invocation.fail("bad address '" + target.host() + "'", 1);
            }
            if (!quiet) {
                invocation.io().error("Connecting to " + target.hostHeader() + " (" + address + ":" + target.port()
                        + ")\n");
            }
            try {
                response = HttpExchange.send(invocation.container(), address, target, spider ? "HEAD" : "GET",
                        List.of("User-Agent: " + agent, "Connection: close"));
            } catch (ConnectException e) {
                return invocation.fail("can't connect to remote host (" + address + "): Connection refused", 1);
            }
            if (serverResponse) {
                invocation.io().error("  " + response.statusLine() + "\n");
                for (String line : response.headerLines()) {
                    invocation.io().error("  " + line + "\n");
                }
            }
            String location = response.header("Location");
            if (response.status() / 100 != 3 || location.isEmpty()) {
                break;
            }
            if (redirects++ >= MAX_REDIRECTS) {
                return invocation.fail("too many redirections", 1);
            }
            target = target.resolve(location);
        }
        if (response.status() >= 400) {
            return invocation.fail("server returned error: " + response.statusLine(), 1);
        }
        if (spider) {
            if (!quiet) {
                invocation.io().error("remote file exists\n");
            }
            return 0;
        }
        String file = output == null ? target.fileName() : output;
        if (file.equals("-")) {
            if (!quiet) {
                invocation.io().error("writing to stdout\n");
            }
            invocation.io().out().write(response.body());
            invocation.io().out().flush();
            if (!quiet) {
                invocation.io().error("written to stdout\n");
            }
            return 0;
        }
        String path = invocation.path(file);
        if (output == null && invocation.filesystem().exists(path)) {
            return invocation.fail("can't open '" + file + "': File exists", 1);
        }
        if (!quiet) {
            invocation.io().error("saving to '" + file + "'\n");
        }
        try {
            invocation.filesystem().write(path, response.body(), false);
        } catch (FileError e) {
            return invocation.fail("can't open '" + file + "': " + e.reason(), 1);
        }
        if (!quiet) {
            invocation.io().error("'" + file + "' saved\n");
        }
        return 0;
    }
}
