package dev.ordinal.kubelet.shell;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code nslookup NAME [SERVER]}, as busybox prints it. Up to busybox 1.28 (the image upstream's
 * StatefulSet tutorial runs) it resolves through the libc resolver and prints {@code %-10s %s}
 * headers with numbered addresses and their reverse names; from 1.29 on it speaks DNS itself and
 * prints the name server's address with its port and each answer's fully qualified name. Both
 * follow the search path of {@code /etc/resolv.conf}; a name with no address is an error (exit 1).
 */
final class NslookupTool implements Tool {

    private static final Pattern BUSYBOX_VERSION = Pattern.compile("(?:^|/)busybox:(\\d+)\\.(\\d+)");

    @Override
    public int run(Invocation invocation) throws IOException {
        List<String> names = invocation.args().stream().filter(arg -> !arg.startsWith("-")).toList();
        if (names.isEmpty()) {
            invocation.io().error("Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n");
            return 1;
        }
        StubResolver resolver = StubResolver.of(invocation.container());
        return resolvesThroughLibc(invocation.container().image())
                ? libcFormat(invocation, resolver, names.get(0)) : dnsFormat(invocation, resolver, names.get(0));
    }

    /** Whether the image's busybox is 1.28 or older, whose nslookup asks the libc resolver. */
    static boolean resolvesThroughLibc(String image) {
        Matcher version = BUSYBOX_VERSION.matcher(image);
        if (!version.find()) {
            return false;
        }
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        return major < 1 || (major == 1 && minor <= 28);
    }

    private static int libcFormat(Invocation invocation, StubResolver resolver, String name) throws IOException {
        StringBuilder out = new StringBuilder();
        header(out, "Server:", resolver.server());
        numbered(out, List.of(resolver.server()), resolver);
        out.append('\n');
        StubResolver.Answer answer = resolver.lookup(name);
        if (!answer.found()) {
            invocation.io().print(out.toString());
            invocation.io().error("nslookup: can't resolve '" + name + "'\n");
            return 1;
        }
        header(out, "Name:", name);
        numbered(out, answer.addresses(), resolver);
        out.append('\n');
        invocation.io().print(out.toString());
        return 0;
    }

    private static void header(StringBuilder out, String header, String value) {
        out.append(String.format("%-10s %s%n", header, value));
    }

    /** {@code Address N: ip [reverse name]}, as print_host writes each address getaddrinfo gave. */
    private static void numbered(StringBuilder out, List<String> addresses, StubResolver resolver) {
        int count = 0;
        for (String address : addresses) {
            out.append("Address ").append(++count).append(": ").append(address);
            Optional<String> reverse = resolver.reverse(address);
            reverse.ifPresent(host -> out.append(' ').append(host));
            out.append('\n');
        }
    }

    private static int dnsFormat(Invocation invocation, StubResolver resolver, String name) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("Server:\t\t").append(resolver.server()).append('\n');
        out.append("Address:\t").append(resolver.server()).append(":53\n\n");
        StubResolver.Answer answer = resolver.lookup(name);
        if (!answer.found()) {
            out.append("** server can't find ").append(name).append(": NXDOMAIN\n\n");
            invocation.io().print(out.toString());
            return 1;
        }
        for (String address : answer.addresses()) {
            out.append("Name:\t").append(answer.name()).append('\n');
            out.append("Address: ").append(address).append('\n');
        }
        out.append('\n');
        invocation.io().print(out.toString());
        return 0;
    }
}
