package dev.ordinal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.machinery.Unstructured;

/**
 * The query → answer cases of the DNS spec digest (shared/reference/dns-spec.md, section 7),
 * answered from an index fed with plain objects: scenario A, and the variations B to F on top.
 */
class ClusterDnsResolverTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private RecordIndex index;
    private ClusterDnsResolver resolver;

    @BeforeEach
    void scenarioA() {
        index = new RecordIndex(Clock.fixed(NOW, ZoneOffset.UTC));
        resolver = resolver(DnsProperties.PodMode.INSECURE);
        index.putNamespace("default");
        index.putNamespace("other");
        index.putService(object("""
                {"metadata": {"name": "nginx", "namespace": "default"},
                 "spec": {"clusterIP": "None", "clusterIPs": ["None"], "selector": {"app": "nginx"},
                          "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}}"""));
        index.putSlice(slice("nginx", "nginx-abcde", "[{\"name\": \"web\", \"port\": 80, \"protocol\": \"TCP\"}]",
                endpoint("10.244.0.10", "web-0", true, "uid-0"),
                endpoint("10.244.0.11", "web-1", true, "uid-1"),
                endpoint("10.244.0.12", "web-2", false, "uid-2")));
        index.putService(clusterIpService("api", "10.96.0.20", "{\"name\": \"http\", \"port\": 8080, \"protocol\": \"TCP\"}"));
        index.putService(clusterIpService("plain", "10.96.0.21", "{\"port\": 5432, \"protocol\": \"TCP\"}"));
        index.putService(clusterIpService("api-v6", "fd00::14", "{\"name\": \"http\", \"port\": 8080, \"protocol\": \"TCP\"}"));
        index.putService(object("""
                {"metadata": {"name": "ext", "namespace": "default"},
                 "spec": {"type": "ExternalName", "externalName": "db.example.com"}}"""));
        index.putService(object("""
                {"metadata": {"name": "empty", "namespace": "default"},
                 "spec": {"clusterIP": "None", "clusterIPs": ["None"], "selector": {"app": "nothing"},
                          "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}}"""));
        index.putSlice(slice("empty", "empty-fghij", "null"));
    }

    // 7.1 Schema and zone structure

    @Test
    void theSchemaVersionIsATxtRecordInAnyCasing() {
        assertThat(answers("dns-version.cluster.local.", Type.TXT)).containsExactly(
                "dns-version.cluster.local. 28800 TXT \"1.1.0\"");
        assertThat(answers("DNS-Version.Cluster.Local.", Type.TXT)).containsExactly(
                "DNS-Version.Cluster.Local. 28800 TXT \"1.1.0\"");
    }

    @Test
    void theBranchesOfTheZoneAndExistingNamespacesHaveNoData() {
        assertNoData("svc.cluster.local.", Type.A);
        assertNoData("default.svc.cluster.local.", Type.A);
        assertNoData("pod.cluster.local.", Type.A);
    }

    @Test
    void missingNamespacesAndOtherBranchesDoNotExist() {
        assertNxDomain("nope.svc.cluster.local.", Type.A);
        assertNxDomain("foo.cluster.local.", Type.A);
        assertNxDomain("x.y.z.web-0.nginx.default.svc.cluster.local.", Type.A);
    }

    // 7.2 ClusterIP Services

    @Test
    void aClusterIpServiceAnswersItsClusterIp() {
        assertThat(answers("api.default.svc.cluster.local.", Type.A)).containsExactly(
                "api.default.svc.cluster.local. 5 A 10.96.0.20");
        assertThat(answers("plain.default.svc.cluster.local.", Type.A)).containsExactly(
                "plain.default.svc.cluster.local. 5 A 10.96.0.21");
        assertNoData("api.default.svc.cluster.local.", Type.AAAA);
        assertNoData("api.default.svc.cluster.local.", Type.TXT);
    }

    @Test
    void namedPortsOfAClusterIpServiceHaveSrvRecordsPointingAtTheService() {
        Message answer = ask("_http._tcp.api.default.svc.cluster.local.", Type.SRV);

        assertThat(records(answer, Section.ANSWER)).containsExactly(
                "_http._tcp.api.default.svc.cluster.local. 5 SRV 0 100 8080 api.default.svc.cluster.local.");
        assertThat(records(answer, Section.ADDITIONAL)).containsExactly(
                "api.default.svc.cluster.local. 5 A 10.96.0.20");
        assertNxDomain("_http._udp.api.default.svc.cluster.local.", Type.SRV);
        assertNxDomain("_grpc._tcp.api.default.svc.cluster.local.", Type.SRV);
        assertThat(answers("plain.default.svc.cluster.local.", Type.SRV)).containsExactly(
                "plain.default.svc.cluster.local. 5 SRV 0 100 5432 plain.default.svc.cluster.local.");
    }

    @Test
    void clusterIpsReverseToTheirService() {
        assertThat(answers("20.0.96.10.in-addr.arpa.", Type.PTR)).containsExactly(
                "20.0.96.10.in-addr.arpa. 5 PTR api.default.svc.cluster.local.");
        assertThat(answers("4.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.", Type.PTR))
                .containsExactly("4.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa. 5 PTR "
                        + "api-v6.default.svc.cluster.local.");
    }

    @Test
    void anIpv6ServiceAnswersAaaa() {
        assertThat(answers("api-v6.default.svc.cluster.local.", Type.AAAA)).containsExactly(
                "api-v6.default.svc.cluster.local. 5 AAAA fd00::14");
    }

    @Test
    void unknownServicesAndServicesOfOtherNamespacesDoNotExist() {
        assertNxDomain("nosuch.default.svc.cluster.local.", Type.A);
        assertNxDomain("api.other.svc.cluster.local.", Type.A);
    }

    // 7.3 Headless Service of a StatefulSet

    @Test
    void aHeadlessServiceAnswersItsReadyEndpoints() {
        assertThat(answers("nginx.default.svc.cluster.local.", Type.A)).containsExactlyInAnyOrder(
                "nginx.default.svc.cluster.local. 5 A 10.244.0.10",
                "nginx.default.svc.cluster.local. 5 A 10.244.0.11");
    }

    @Test
    void eachReadyPodHasItsOwnName() {
        assertThat(answers("web-0.nginx.default.svc.cluster.local.", Type.A)).containsExactly(
                "web-0.nginx.default.svc.cluster.local. 5 A 10.244.0.10");
        assertThat(answers("web-1.nginx.default.svc.cluster.local.", Type.A)).containsExactly(
                "web-1.nginx.default.svc.cluster.local. 5 A 10.244.0.11");
        assertNxDomain("web-2.nginx.default.svc.cluster.local.", Type.A);
        assertNxDomain("web-3.nginx.default.svc.cluster.local.", Type.A);
        assertNoData("web-0.nginx.default.svc.cluster.local.", Type.AAAA);
        assertThat(answers("WEB-0.NGINX.Default.SVC.cluster.local.", Type.A)).containsExactly(
                "WEB-0.NGINX.Default.SVC.cluster.local. 5 A 10.244.0.10");
    }

    @Test
    void srvOfAHeadlessServiceNamesEachReadyEndpoint() {
        Message answer = ask("_web._tcp.nginx.default.svc.cluster.local.", Type.SRV);

        assertThat(records(answer, Section.ANSWER)).containsExactlyInAnyOrder(
                "_web._tcp.nginx.default.svc.cluster.local. 5 SRV 0 50 80 web-0.nginx.default.svc.cluster.local.",
                "_web._tcp.nginx.default.svc.cluster.local. 5 SRV 0 50 80 web-1.nginx.default.svc.cluster.local.");
        assertThat(records(answer, Section.ADDITIONAL)).containsExactlyInAnyOrder(
                "web-0.nginx.default.svc.cluster.local. 5 A 10.244.0.10",
                "web-1.nginx.default.svc.cluster.local. 5 A 10.244.0.11");
        assertNxDomain("_web._udp.nginx.default.svc.cluster.local.", Type.SRV);
        assertThat(answers("web-0.nginx.default.svc.cluster.local.", Type.SRV)).containsExactly(
                "web-0.nginx.default.svc.cluster.local. 5 SRV 0 100 80 web-0.nginx.default.svc.cluster.local.");
    }

    @Test
    void readyEndpointIpsReverseToTheirHostnames() {
        assertThat(answers("10.0.244.10.in-addr.arpa.", Type.PTR)).containsExactly(
                "10.0.244.10.in-addr.arpa. 5 PTR web-0.nginx.default.svc.cluster.local.");
        assertNxDomain("12.0.244.10.in-addr.arpa.", Type.PTR);
    }

    @Test
    void aHeadlessServiceWithoutReadyEndpointsDoesNotExist() {
        assertNxDomain("empty.default.svc.cluster.local.", Type.A);
        assertNxDomain("_web._tcp.empty.default.svc.cluster.local.", Type.SRV);
    }

    // 7.4 Readiness and scaling transitions

    @Test
    void aPodTurningReadyJoinsTheAnswers() {
        index.putSlice(slice("nginx", "nginx-abcde", "[{\"name\": \"web\", \"port\": 80, \"protocol\": \"TCP\"}]",
                endpoint("10.244.0.10", "web-0", true, "uid-0"),
                endpoint("10.244.0.11", "web-1", true, "uid-1"),
                endpoint("10.244.0.12", "web-2", true, "uid-2")));

        assertThat(answers("nginx.default.svc.cluster.local.", Type.A)).hasSize(3);
        assertThat(answers("web-2.nginx.default.svc.cluster.local.", Type.A)).containsExactly(
                "web-2.nginx.default.svc.cluster.local. 5 A 10.244.0.12");
        assertThat(answers("_web._tcp.nginx.default.svc.cluster.local.", Type.SRV))
                .allMatch(srv -> srv.contains(" SRV 0 33 80 ")).hasSize(3);
    }

    @Test
    void aRemovedEndpointLeavesTheAnswers() {
        index.putSlice(slice("nginx", "nginx-abcde", "[{\"name\": \"web\", \"port\": 80, \"protocol\": \"TCP\"}]",
                endpoint("10.244.0.10", "web-0", true, "uid-0"),
                endpoint("10.244.0.11", "web-1", true, "uid-1")));

        assertThat(answers("nginx.default.svc.cluster.local.", Type.A)).hasSize(2);
        assertNxDomain("12.0.244.10.in-addr.arpa.", Type.PTR);
    }

    // 7.5 publishNotReadyAddresses and hostname rules

    @Test
    void endpointsWithoutHostnameAreNamedByTheirDashedIp() {
        index.putService(object("""
                {"metadata": {"name": "peers", "namespace": "default"},
                 "spec": {"clusterIP": "None", "clusterIPs": ["None"], "selector": {"app": "nginx"},
                          "publishNotReadyAddresses": true,
                          "ports": [{"name": "gossip", "port": 7000, "protocol": "TCP"}]}}"""));
        index.putSlice(slice("peers", "peers-klmno", "[{\"name\": \"gossip\", \"port\": 7000, \"protocol\": \"TCP\"}]",
                endpoint("10.244.0.10", null, true, "uid-0"),
                endpoint("10.244.0.11", null, true, "uid-1"),
                endpoint("10.244.0.12", null, true, "uid-2")));

        assertThat(answers("peers.default.svc.cluster.local.", Type.A)).hasSize(3);
        assertNxDomain("web-2.peers.default.svc.cluster.local.", Type.A);
        assertThat(answers("10-244-0-12.peers.default.svc.cluster.local.", Type.A)).containsExactly(
                "10-244-0-12.peers.default.svc.cluster.local. 5 A 10.244.0.12");
        assertThat(answers("_gossip._tcp.peers.default.svc.cluster.local.", Type.SRV)).containsExactlyInAnyOrder(
                "_gossip._tcp.peers.default.svc.cluster.local. 5 SRV 0 33 7000 10-244-0-10.peers.default.svc.cluster.local.",
                "_gossip._tcp.peers.default.svc.cluster.local. 5 SRV 0 33 7000 10-244-0-11.peers.default.svc.cluster.local.",
                "_gossip._tcp.peers.default.svc.cluster.local. 5 SRV 0 33 7000 10-244-0-12.peers.default.svc.cluster.local.");
        assertThat(answers("10.0.244.10.in-addr.arpa.", Type.PTR)).containsExactlyInAnyOrder(
                "10.0.244.10.in-addr.arpa. 5 PTR web-0.nginx.default.svc.cluster.local.",
                "10.0.244.10.in-addr.arpa. 5 PTR 10-244-0-10.peers.default.svc.cluster.local.");
    }

    @Test
    void aPodWhoseSubdomainNamesNoServiceHasNoPodName() {
        index.putService(object("""
                {"metadata": {"name": "db", "namespace": "default"},
                 "spec": {"clusterIP": "None", "clusterIPs": ["None"], "selector": {"app": "db"},
                          "ports": [{"name": "pg", "port": 5432, "protocol": "TCP"}]}}"""));
        index.putSlice(slice("db", "db-pqrst", "[{\"name\": \"pg\", \"port\": 5432, \"protocol\": \"TCP\"}]",
                endpoint("10.244.1.5", null, true, "uid-db-0")));

        assertThat(answers("db.default.svc.cluster.local.", Type.A)).containsExactly(
                "db.default.svc.cluster.local. 5 A 10.244.1.5");
        assertNxDomain("db-0.db.default.svc.cluster.local.", Type.A);
        assertThat(answers("10-244-1-5.db.default.svc.cluster.local.", Type.A)).containsExactly(
                "10-244-1-5.db.default.svc.cluster.local. 5 A 10.244.1.5");
        assertNxDomain("db-0.db-hl.default.svc.cluster.local.", Type.A);
    }

    // 7.6 ExternalName and pod records

    @Test
    void anExternalNameServiceIsACname() {
        assertThat(answers("ext.default.svc.cluster.local.", Type.CNAME)).containsExactly(
                "ext.default.svc.cluster.local. 5 CNAME db.example.com.");
        assertThat(answers("ext.default.svc.cluster.local.", Type.A)).containsExactly(
                "ext.default.svc.cluster.local. 5 CNAME db.example.com.");
        assertNxDomain("x.ext.default.svc.cluster.local.", Type.A);
    }

    @Test
    void anExternalNameInsideTheZoneIsFollowed() {
        index.putService(object("""
                {"metadata": {"name": "alias", "namespace": "default"},
                 "spec": {"type": "ExternalName", "externalName": "api.default.svc.cluster.local"}}"""));

        assertThat(answers("alias.default.svc.cluster.local.", Type.A)).containsExactly(
                "alias.default.svc.cluster.local. 5 CNAME api.default.svc.cluster.local.",
                "api.default.svc.cluster.local. 5 A 10.96.0.20");
    }

    @Test
    void podRecordsFollowThePodMode() {
        index.putPod(object("""
                {"metadata": {"name": "web-0", "namespace": "default"},
                 "status": {"podIP": "10.244.0.10", "podIPs": [{"ip": "10.244.0.10"}, {"ip": "fd00:10:244::a"}]}}"""));

        assertThat(answers("10-244-0-10.default.pod.cluster.local.", Type.A)).containsExactly(
                "10-244-0-10.default.pod.cluster.local. 5 A 10.244.0.10");
        assertThat(answers("10-244-9-9.default.pod.cluster.local.", Type.A)).hasSize(1);

        resolver = resolver(DnsProperties.PodMode.DISABLED);
        assertNxDomain("10-244-0-10.default.pod.cluster.local.", Type.A);

        resolver = resolver(DnsProperties.PodMode.VERIFIED);
        assertThat(answers("10-244-0-10.default.pod.cluster.local.", Type.A)).containsExactly(
                "10-244-0-10.default.pod.cluster.local. 5 A 10.244.0.10");
        assertNxDomain("10-244-9-9.default.pod.cluster.local.", Type.A);
        assertNxDomain("10-244-0-10.other.pod.cluster.local.", Type.A);
        assertThat(answers("fd00-10-244--a.default.pod.cluster.local.", Type.AAAA)).containsExactly(
                "fd00-10-244--a.default.pod.cluster.local. 5 AAAA fd00:10:244::a");
    }

    // 7.7 Negative-answer shape, and names outside the zones

    @Test
    void negativeAnswersCarryTheZoneSoaInTheQueryCasing() {
        Message nxdomain = ask("nosuch.default.svc.Cluster.Local.", Type.A);

        assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nxdomain.getHeader().getFlag(org.xbill.DNS.Flags.AA)).isTrue();
        assertThat(records(nxdomain, Section.AUTHORITY)).containsExactly("Cluster.Local. 5 SOA ns.dns.Cluster.Local. "
                + "hostmaster.Cluster.Local. " + NOW.getEpochSecond() + " 7200 1800 86400 5");
        SOARecord soa = (SOARecord) nxdomain.getSection(Section.AUTHORITY).get(0);
        assertThat(soa.getMinimum()).isEqualTo(5);
    }

    @Test
    void namesOutsideTheZonesAreRefused() {
        Message answer = ask("example.com.", Type.A);

        assertThat(answer.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(answer.getSection(Section.ANSWER)).isEmpty();
    }

    // helpers

    private ClusterDnsResolver resolver(DnsProperties.PodMode pods) {
        return new ClusterDnsResolver(index, new DnsProperties("cluster.local", 5L, pods, null, null));
    }

    private Message ask(String name, int type) {
        try {
            return resolver.answer(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
        } catch (org.xbill.DNS.TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<String> answers(String name, int type) {
        Message answer = ask(name, type);
        assertThat(answer.getRcode()).as("rcode of %s %s", name, Type.string(type)).isEqualTo(Rcode.NOERROR);
        return records(answer, Section.ANSWER);
    }

    private void assertNxDomain(String name, int type) {
        Message answer = ask(name, type);
        assertThat(Rcode.string(answer.getRcode())).as("rcode of %s %s", name, Type.string(type)).isEqualTo("NXDOMAIN");
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    private void assertNoData(String name, int type) {
        Message answer = ask(name, type);
        assertThat(Rcode.string(answer.getRcode())).as("rcode of %s %s", name, Type.string(type)).isEqualTo("NOERROR");
        assertThat(answer.getSection(Section.ANSWER)).as("answers to %s %s", name, Type.string(type)).isEmpty();
        assertThat(answer.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    private static List<String> records(Message message, int section) {
        return message.getSection(section).stream()
                .map(r -> r.getName() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + data(r))
                .toList();
    }

    /** Record data as dig prints it: IPv6 addresses compressed. */
    private static String data(Record record) {
        return record instanceof AAAARecord aaaa ? IpAddresses.format(aaaa.getAddress().getAddress())
                : record.rdataToString();
    }

    static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(json));
    }

    private static Unstructured clusterIpService(String name, String ip, String port) {
        String family = ip.contains(":") ? "IPv6" : "IPv4";
        return object("""
                {"metadata": {"name": "%s", "namespace": "default"},
                 "spec": {"type": "ClusterIP", "clusterIP": "%s", "clusterIPs": ["%s"], "ipFamilies": ["%s"],
                          "ports": [%s]}}""".formatted(name, ip, ip, family, port));
    }

    static Unstructured slice(String service, String name, String ports, String... endpoints) {
        return object("""
                {"metadata": {"name": "%s", "namespace": "default",
                              "labels": {"kubernetes.io/service-name": "%s"}},
                 "addressType": "IPv4", "endpoints": [%s], "ports": %s}"""
                .formatted(name, service, String.join(",", endpoints), ports));
    }

    static String endpoint(String ip, String hostname, boolean ready, String uid) {
        return """
                {"addresses": ["%s"], "conditions": {"ready": %s, "serving": %s, "terminating": false}%s,
                 "targetRef": {"kind": "Pod", "namespace": "default", "uid": "%s"}}"""
                .formatted(ip, ready, ready, hostname == null ? "" : ", \"hostname\": \"" + hostname + "\"", uid);
    }
}
