package dev.ordinal.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import dev.ordinal.machinery.IpAddresses;

/**
 * Answers DNS questions about the cluster from the {@link RecordIndex} the way CoreDNS's kubernetes
 * plugin (with its {@code backend_lookup} helpers) does, per the Kubernetes DNS-Based Service
 * Discovery specification 1.1.0: A/AAAA, SRV, PTR, CNAME for ExternalName Services, the
 * {@code dns-version} TXT record and pod records; NXDOMAIN for names that do not exist and NODATA
 * for names without records of the asked type, both with the zone's SOA; REFUSED outside its zones
 * ({@code <cluster domain>}, {@code in-addr.arpa} and {@code ip6.arpa}).
 *
 * <p>There is no upstream resolver: a CNAME to a name outside the zone is answered alone, as a
 * cluster's CoreDNS answers it when the target does not resolve.
 */
@Component
public class ClusterDnsResolver {

    static final String SCHEMA_VERSION = "1.1.0";
    private static final long SCHEMA_VERSION_TTL = 28_800;
    private static final int MAX_CNAME_CHAIN = 10;
    private static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
    private static final Name IP6_ARPA = Name.fromConstantString("ip6.arpa.");
    private static final Name NS = Name.fromConstantString("ns.dns");
    private static final Name HOSTMASTER = Name.fromConstantString("hostmaster");

    private final RecordIndex index;
    private final DnsProperties properties;
    private final Name clusterDomain;
    private final List<Name> zones;

    public ClusterDnsResolver(RecordIndex index, DnsProperties properties) {
        this.index = index;
        this.properties = properties;
        try {
            this.clusterDomain = Name.fromString(properties.clusterDomain(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("ordinal.dns.cluster-domain: " + e.getMessage(), e);
        }
        this.zones = List.of(clusterDomain, IN_ADDR_ARPA, IP6_ARPA);
    }

    /** The answer to one query message. */
    public Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        Record question = query.getQuestion();
        if (question == null) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        Name qname = question.getName();
        Optional<Name> matched = zones.stream().filter(qname::subdomain).findFirst();
        if (matched.isEmpty() || question.getDClass() != DClass.IN) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        // The zone as the query spells it, as the plugin keeps it for owner and target names.
        Name zone = new Name(qname, qname.labels() - matched.get().labels());
        new Query(qname, zone).answer(question.getType(), response);
        return response;
    }

    /** One question being answered: its name, the zone it falls in and what was found. */
    private final class Query {

        private final Name qname;
        private final Name zone;
        private final String zoneText;

        Query(Name qname, Name zone) {
            this.qname = qname;
            this.zone = zone;
            this.zoneText = zone.toString();
        }

        void answer(int type, Message response) {
            List<Record> answers = new ArrayList<>();
            List<Record> additional = new ArrayList<>();
            boolean nameError;
            switch (type) {
                case Type.A, Type.AAAA -> {
                    Lookup lookup = address(qname, type, new ArrayList<>());
                    nameError = lookup.nameError();
                    answers.addAll(lookup.records());
                }
                case Type.SRV -> nameError = srv(answers, additional);
                case Type.PTR -> nameError = ptr(answers);
                case Type.CNAME -> nameError = cname(answers);
                case Type.TXT -> nameError = txt(answers);
                case Type.SOA -> {
                    nameError = false;
                    if (qname.equals(zone)) {
                        answers.add(soa());
                    }
                }
                case Type.AXFR, Type.IXFR -> {
                    response.getHeader().setRcode(Rcode.REFUSED);
                    return;
                }
                // Anything else, including ANY and NS, gets a lookup of A records only to tell
                // NXDOMAIN from NODATA, as the plugin does.
                default -> nameError = address(qname, Type.A, new ArrayList<>()).nameError();
            }
            response.getHeader().setFlag(Flags.AA);
            if (nameError) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
                response.addRecord(soa(), Section.AUTHORITY);
                return;
            }
            if (answers.isEmpty()) {
                response.addRecord(soa(), Section.AUTHORITY);
                return;
            }
            answers.forEach(record -> response.addRecord(record, Section.ANSWER));
            additional.forEach(record -> response.addRecord(record, Section.ADDITIONAL));
        }

        /** The plugin's A()/AAAA(): addresses, following CNAMEs within the zone. */
        private Lookup address(Name name, int type, List<Record> chain) {
            Found found = services(name, type);
            if (found.nameError()) {
                return new Lookup(List.of(), true);
            }
            List<Record> records = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (Target target : found.targets()) {
                Optional<byte[]> ip = IpAddresses.parse(target.host());
                if (ip.isEmpty()) {
                    Name alias = absolute(target.host());
                    if (alias == null || alias.equals(name) || chain.size() > MAX_CNAME_CHAIN) {
                        continue;
                    }
                    CNAMERecord cname = new CNAMERecord(name, DClass.IN, target.ttl(), alias);
                    if (chain.contains(cname)) {
                        continue;
                    }
                    if (alias.subdomain(zone)) {
                        List<Record> next = new ArrayList<>(chain);
                        next.add(cname);
                        Lookup resolved = address(alias, type, next);
                        if (!resolved.nameError() && !resolved.records().isEmpty()) {
                            records.add(cname);
                            records.addAll(resolved.records());
                        }
                    } else {
                        records.add(cname);
                    }
                    continue;
                }
                boolean ipv6 = ip.get().length == 16;
                if (ipv6 == (type == Type.AAAA) && seen.add(target.host())) {
                    records.add(addressRecord(name, target.ttl(), ip.get()));
                }
            }
            return new Lookup(records, false);
        }

        /** The plugin's SRV(): targets named after the record key, their addresses as additional records. */
        private boolean srv(List<Record> answers, List<Record> additional) {
            Found found = services(qname, Type.SRV);
            if (found.nameError()) {
                return true;
            }
            int total = 100 * found.targets().size();
            Set<String> seen = new LinkedHashSet<>();
            for (Target target : found.targets()) {
                // Port -1 marks a Service or endpoint without ports: nothing for SRV.
                if (target.port() == -1) {
                    continue;
                }
                Optional<byte[]> ip = IpAddresses.parse(target.host());
                Name targetName = absolute(target.key());
                if (ip.isEmpty() || targetName == null) {
                    continue;
                }
                int weight = Math.max(1, (int) Math.floor(100.0 / total * 100));
                if (seen.add(targetName + " " + target.port())) {
                    answers.add(new SRVRecord(qname, DClass.IN, target.ttl(), 0, weight, target.port(), targetName));
                }
                if (seen.add(targetName + " " + target.host())) {
                    additional.add(addressRecord(targetName, target.ttl(), ip.get()));
                }
            }
            return false;
        }

        /** The plugin's Reverse(): a cluster IP names its Service, a ready endpoint IP its endpoint. */
        private boolean ptr(List<Record> answers) {
            String ip = addressFromReverse(lower(qname));
            if (ip == null) {
                return records(qname).nameError();
            }
            List<String> names = new ArrayList<>();
            List<RecordIndex.Service> services = index.servicesWithClusterIp(ip);
            if (!services.isEmpty()) {
                RecordIndex.Service service = services.get(0);
                names.add(service.name() + "." + service.namespace() + ".svc." + clusterDomain);
            } else {
                for (RecordIndex.Slice slice : index.slicesWithIp(ip)) {
                    for (RecordIndex.Address address : slice.addresses()) {
                        if (address.ip().equals(ip)) {
                            names.add(endpointName(address) + "." + slice.service() + "." + slice.namespace()
                                    + ".svc." + clusterDomain);
                        }
                    }
                }
            }
            if (names.isEmpty()) {
                return true;
            }
            for (String target : new LinkedHashSet<>(names)) {
                answers.add(new PTRRecord(qname, DClass.IN, properties.ttl(), absolute(target)));
            }
            return false;
        }

        private boolean cname(List<Record> answers) {
            Found found = services(qname, Type.CNAME);
            if (found.nameError()) {
                return true;
            }
            if (!found.targets().isEmpty() && IpAddresses.parse(found.targets().get(0).host()).isEmpty()) {
                Name alias = absolute(found.targets().get(0).host());
                if (alias != null) {
                    answers.add(new CNAMERecord(qname, DClass.IN, found.targets().get(0).ttl(), alias));
                }
            }
            return false;
        }

        private boolean txt(List<Record> answers) {
            Found found = services(qname, Type.TXT);
            if (found.nameError()) {
                return true;
            }
            for (Target target : found.targets()) {
                if (target.text() != null) {
                    answers.add(new TXTRecord(qname, DClass.IN, target.ttl(), target.text()));
                }
            }
            return false;
        }

        /** The plugin's Services(): what a name stands for, with the type-specific rules. */
        private Found services(Name name, int type) {
            if (type == Type.TXT) {
                if (relativeLabels(name).equals(List.of("dns-version"))) {
                    return new Found(List.of(new Target("", 0, "", SCHEMA_VERSION, SCHEMA_VERSION_TTL)), false);
                }
                // A name with records of other types has no TXT: NODATA, else NXDOMAIN.
                return records(name).targets().isEmpty() ? Found.NAME_ERROR : Found.NOTHING;
            }
            Found found = records(name);
            if (type != Type.SRV) {
                return found;
            }
            return new Found(found.targets().stream().filter(t -> IpAddresses.parse(t.host()).isPresent()).toList(),
                    found.nameError());
        }

        /** The plugin's Records(): parse the name, then find the Services or pods it names. */
        private Found records(Name name) {
            Request request = Request.parse(relativeLabels(name));
            if (request == null) {
                return Found.NAME_ERROR;
            }
            if (request.podOrSvc().isEmpty()) {
                return Found.NOTHING;
            }
            if (name.subdomain(IN_ADDR_ARPA) || name.subdomain(IP6_ARPA)
                    || !index.namespaceExists(request.namespace())) {
                return Found.NAME_ERROR;
            }
            return request.podOrSvc().equals("pod") ? findPods(request) : findServices(request);
        }

        private Found findPods(Request request) {
            if (properties.pods() == DnsProperties.PodMode.DISABLED) {
                return Found.NAME_ERROR;
            }
            if (request.service().isEmpty()) {
                return Found.NOTHING;
            }
            String podName = request.service();
            String ipText = podName.chars().filter(c -> c == '-').count() == 3 && !podName.contains("--")
                    ? podName.replace('-', '.') : podName.replace('-', ':');
            Optional<String> ip = IpAddresses.canonical(ipText);
            if (ip.isEmpty() || properties.pods() == DnsProperties.PodMode.VERIFIED
                    && !index.podHasIp(request.namespace(), ip.get())) {
                return Found.NAME_ERROR;
            }
            String key = podName + "." + request.namespace() + ".pod." + zoneText;
            return new Found(List.of(new Target(ip.get(), 0, key, null, properties.ttl())), false);
        }

        private Found findServices(Request request) {
            if (request.service().isEmpty()) {
                return Found.NOTHING;
            }
            Optional<RecordIndex.Service> found = index.service(request.namespace(), request.service());
            if (found.isEmpty()) {
                return Found.NAME_ERROR;
            }
            RecordIndex.Service service = found.get();
            String serviceName = service.name() + "." + service.namespace() + ".svc." + zoneText;
            List<Target> targets = new ArrayList<>();
            long ttl = properties.ttl();
            if (service.type().equals("ExternalName")) {
                // No endpoints, ports or protocols under an ExternalName Service.
                if (!request.endpoint().isEmpty() || !request.port().isEmpty() || !request.protocol().isEmpty()
                        || IpAddresses.parse(service.externalName()).isPresent()) {
                    return Found.NAME_ERROR;
                }
                return new Found(List.of(new Target(service.externalName(), 0, serviceName, null, ttl)), false);
            }
            if (service.headless() || !request.endpoint().isEmpty()) {
                for (RecordIndex.Slice slice : index.slices(service)) {
                    for (RecordIndex.Address address : slice.addresses()) {
                        String endpoint = endpointName(address);
                        if (!request.endpoint().isEmpty() && !request.endpoint().equalsIgnoreCase(endpoint)) {
                            continue;
                        }
                        for (RecordIndex.Port port : portsOrSentinel(slice.ports())) {
                            if (request.matches(port)) {
                                targets.add(new Target(address.ip(), port.port(), endpoint + "." + serviceName,
                                        null, ttl));
                            }
                        }
                    }
                }
                return targets.isEmpty() ? Found.NAME_ERROR : new Found(targets, false);
            }
            boolean matched = false;
            for (RecordIndex.Port port : portsOrSentinel(service.ports())) {
                if (request.matches(port)) {
                    matched = true;
                    for (String ip : service.clusterIps()) {
                        targets.add(new Target(ip, port.port(), serviceName, null, ttl));
                    }
                }
            }
            return matched ? new Found(targets, false) : Found.NAME_ERROR;
        }

        private SOARecord soa() {
            long ttl = properties.ttl();
            try {
                return new SOARecord(zone, DClass.IN, Math.min(ttl, 300), Name.concatenate(NS, zone),
                        Name.concatenate(HOSTMASTER, zone), index.modified() & 0xffffffffL, 7200, 1800, 86400, ttl);
            } catch (NameTooLongException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The lower-cased labels of a name left of the zone. */
        private List<String> relativeLabels(Name name) {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < name.labels() - zone.labels(); i++) {
                labels.add(name.getLabelString(i).toLowerCase(Locale.ROOT));
            }
            return labels;
        }
    }

    /** The endpoint's name: its hostname, else its IP with dashes (the plugin without endpoint_pod_names). */
    static String endpointName(RecordIndex.Address address) {
        if (!address.hostname().isEmpty()) {
            return address.hostname();
        }
        if (address.ip().contains(".")) {
            return address.ip().replace('.', '-');
        }
        String dashed = address.ip().replace(':', '-');
        return dashed.endsWith("-") ? dashed + "0" : dashed;
    }

    /** The plugin's ExtractAddressFromReverse: the IP of a full reverse name, or null. */
    static String addressFromReverse(String name) {
        List<String> labels = new ArrayList<>(List.of(name.split("\\.")));
        if (name.endsWith(".in-addr.arpa.") && labels.size() == 6) {
            List<String> octets = new ArrayList<>(labels.subList(0, 4));
            Collections.reverse(octets);
            return IpAddresses.canonical(String.join(".", octets)).orElse(null);
        }
        if (name.endsWith(".ip6.arpa.") && labels.size() == 34) {
            List<String> nibbles = new ArrayList<>(labels.subList(0, 32));
            Collections.reverse(nibbles);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 32; i++) {
                if (i > 0 && i % 4 == 0) {
                    text.append(':');
                }
                text.append(nibbles.get(i));
            }
            return nibbles.stream().allMatch(n -> n.length() == 1)
                    ? IpAddresses.canonical(text.toString()).filter(ip -> ip.contains(":")).orElse(null) : null;
        }
        return null;
    }

    private static List<RecordIndex.Port> portsOrSentinel(List<RecordIndex.Port> ports) {
        return ports.isEmpty() ? List.of(new RecordIndex.Port("", "", -1)) : ports;
    }

    private static Record addressRecord(Name name, long ttl, byte[] ip) {
        try {
            InetAddress address = InetAddress.getByAddress(ip);
            return ip.length == 4 ? new ARecord(name, DClass.IN, ttl, address)
                    : new AAAARecord(name, DClass.IN, ttl, address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            return null;
        }
    }

    private static String lower(Name name) {
        return name.toString().toLowerCase(Locale.ROOT);
    }

    /** What a name stands for: the plugin's msg.Service list, or a name error. */
    private record Found(List<Target> targets, boolean nameError) {
        static final Found NAME_ERROR = new Found(List.of(), true);
        static final Found NOTHING = new Found(List.of(), false);
    }

    /**
     * One thing a name stands for: an IP (or, for an ExternalName, a name) with a port, the name
     * of the record it makes (SRV targets use it), or a text.
     */
    private record Target(String host, int port, String key, String text, long ttl) {
    }

    private record Lookup(List<Record> records, boolean nameError) {
    }

    /**
     * The parts of a name in the zone, as the plugin's parseRequest reads them:
     * {@code [_port._protocol. | endpoint.]service.namespace.(svc|pod)}.
     */
    record Request(String port, String protocol, String endpoint, String service, String namespace,
                   String podOrSvc) {

        /** Null for a name the plugin refuses (NXDOMAIN); an empty podOrSvc for the zone apex and its two branches. */
        static Request parse(List<String> labels) {
            if (labels.isEmpty() || labels.equals(List.of("svc")) || labels.equals(List.of("pod"))) {
                return new Request("", "", "", "", "", "");
            }
            int last = labels.size() - 1;
            String podOrSvc = labels.get(last);
            if (!podOrSvc.equals("svc") && !podOrSvc.equals("pod")) {
                return null;
            }
            String namespace = last >= 1 ? labels.get(last - 1) : "";
            String service = last >= 2 ? labels.get(last - 2) : "";
            return switch (last - 3) {
                case -3, -2, -1 -> new Request("", "", "", service, namespace, podOrSvc);
                case 0 -> new Request("", "", labels.get(0), service, namespace, podOrSvc);
                case 1 -> new Request(stripUnderscore(labels.get(0)), stripUnderscore(labels.get(1)), "", service,
                        namespace, podOrSvc);
                default -> null;
            };
        }

        boolean matches(RecordIndex.Port candidate) {
            return (port.isEmpty() || port.equalsIgnoreCase(candidate.name()))
                    && (protocol.isEmpty() || protocol.equalsIgnoreCase(candidate.protocol()));
        }

        private static String stripUnderscore(String label) {
            return label.startsWith("_") ? label.substring(1) : label;
        }
    }
}
