package dev.ordinal.kubelet.shell;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.FileError;

/**
 * The container's resolver, as libc's stub resolver works from {@code /etc/resolv.conf}: a name
 * with fewer dots than {@code ndots} is tried with each {@code search} domain first and then as it
 * is, any other name as it is first; the first name with an answer wins. Questions go to the
 * container's name server (the cluster DNS), which its first {@code nameserver} line names.
 */
final class StubResolver {

    /** The resolver's default when resolv.conf sets no ndots, as glibc's and musl's. */
    private static final int DEFAULT_NDOTS = 1;

    private final Container container;
    private final String server;
    private final List<String> search;
    private final int ndots;

    /** The answer for one name: the name asked (with its search domain) and the addresses, none when not found. */
    record Answer(String name, List<String> addresses) {
        boolean found() {
            return !addresses.isEmpty();
        }
    }

    private StubResolver(Container container, String server, List<String> search, int ndots) {
        this.container = container;
        this.server = server;
        this.search = search;
        this.ndots = ndots;
    }

    /** The resolver as {@code /etc/resolv.conf} configures it (no file: no search, the local server). */
    static StubResolver of(Container container) {
        String server = "127.0.0.1";
        List<String> search = new ArrayList<>();
        int ndots = DEFAULT_NDOTS;
        String conf;
        try {
            conf = new String(container.filesystem().read("/etc/resolv.conf"), StandardCharsets.UTF_8);
        } catch (FileError e) {
            conf = "";
        }
        boolean serverSeen = false;
        for (String line : conf.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            switch (fields[0]) {
                case "nameserver" -> {
                    if (!serverSeen && fields.length > 1) {
                        server = fields[1];
                        serverSeen = true;
                    }
                }
                case "search", "domain" -> {
                    search.clear();
                    search.addAll(List.of(fields).subList(1, fields.length));
                }
                case "options" -> {
                    for (String option : fields) {
                        if (option.startsWith("ndots:")) {
                            ndots = parseNdots(option.substring("ndots:".length()));
                        }
                    }
                }
                default -> {
                    // comments and options this resolver does not use
                }
            }
        }
        return new StubResolver(container, server, search, ndots);
    }

    private static int parseNdots(String value) {
        try {
            return Math.min(Integer.parseInt(value), 15);
        } catch (NumberFormatException e) {
            return DEFAULT_NDOTS;
        }
    }

    /** The address of the name server asked, as resolv.conf names it. */
    String server() {
        return server;
    }

    /** The names tried for {@code name}, in order. */
    List<String> candidates(String name) {
        if (name.endsWith(".")) {
            return List.of(name.substring(0, name.length() - 1));
        }
        List<String> searched = new ArrayList<>();
        search.forEach(domain -> searched.add(name + "." + domain));
        List<String> candidates = new ArrayList<>();
        long dots = name.chars().filter(c -> c == '.').count();
        if (dots >= ndots) {
            candidates.add(name);
            candidates.addAll(searched);
        } else {
            candidates.addAll(searched);
            candidates.add(name);
        }
        return candidates;
    }

    /** The IPv4 addresses of {@code name} through the search path; not found when no candidate has any. */
    Answer lookup(String name) {
        List<String> candidates = candidates(name);
        for (String candidate : candidates) {
            List<String> addresses = addresses(candidate);
            if (!addresses.isEmpty()) {
                return new Answer(candidate, addresses);
            }
        }
        return new Answer(candidates.get(candidates.size() - 1), List.of());
    }

    /** The name a PTR record gives {@code address}, without the root's dot; empty when none. */
    Optional<String> reverse(String address) {
        try {
            Name name = ReverseMap.fromAddress(InetAddress.getByName(address));
            for (Record record : ask(name, Type.PTR).getSection(Section.ANSWER)) {
                if (record instanceof PTRRecord ptr) {
                    return Optional.of(withoutRoot(ptr.getTarget()));
                }
            }
        } catch (UnknownHostException e) {
            // not an address: nothing to look up
        }
        return Optional.empty();
    }

    /** The A records of {@code name}, following the CNAMEs the answer holds. */
    private List<String> addresses(String name) {
        Name target;
        try {
            target = Name.fromString(name, Name.root);
        } catch (TextParseException e) {
            return List.of();
        }
        Message response = ask(target, Type.A);
        if (response.getRcode() != Rcode.NOERROR) {
            return List.of();
        }
        List<String> addresses = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof CNAMERecord cname && cname.getName().equals(target)) {
                target = cname.getTarget();
            }
        }
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a && a.getName().equals(target)) {
                addresses.add(a.getAddress().getHostAddress());
            }
        }
        return addresses;
    }

    private Message ask(Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        return container.nameServer().query(query);
    }

    private static String withoutRoot(Name name) {
        String text = name.toString();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
