package dev.ordinal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.IpAddresses;
import dev.ordinal.testing.ServerTest;

/**
 * A StatefulSet's promise kept end to end: a headless Service {@code nginx} and pods
 * {@code web-0..2} (hostname, subdomain nginx) are created through the API, their status set
 * through the status subresource as a kubelet would, and their names asked of the DNS server over
 * UDP and TCP with dnsjava's resolver, and of the HTTP resolver.
 */
@ServerTest
class ClusterDnsIT {

    private static final java.util.concurrent.atomic.AtomicInteger SUBNETS = new java.util.concurrent.atomic.AtomicInteger();

    private static final JsonMapper JSON = JsonMapper.shared();

    @LocalServerPort
    int port;

    @Autowired
    DnsServer dnsServer;

    private final HttpClient http = HttpClient.newHttpClient();
    private String namespace;
    private String subnet;

    @BeforeEach
    void headlessServiceAndPods() throws Exception {
        namespace = "dns-" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        // Outside the simulated kubelet's pod CIDR (10.244.0.0/16) and different for every test, so
        // no other pod in the shared server has these addresses.
        subnet = "10.123." + SUBNETS.incrementAndGet() + ".";
        post("/api/v1/namespaces", "{\"metadata\": {\"name\": \"" + namespace + "\"}}");
        post("/api/v1/nodes", "{\"metadata\": {\"name\": \"" + namespace + "-node\"}}");
        post(path("services"), """
                {"metadata": {"name": "nginx"},
                 "spec": {"clusterIP": "None", "selector": {"app": "nginx"},
                          "ports": [{"name": "web", "port": 80, "targetPort": "web"}]}}""");
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            createPod("web-" + ordinal, "nginx", "nginx");
        }
        setStatus("web-0", subnet + "10", true);
        setStatus("web-1", subnet + "11", true);
        setStatus("web-2", subnet + "12", false);
        await(() -> rcode(udp("web-1.nginx." + namespace + ".svc.cluster.local.", Type.A)) == Rcode.NOERROR);
    }

    @Test
    void podNamesResolveOnceTheirPodIsReady() throws Exception {
        for (boolean tcp : List.of(false, true)) {
            assertThat(addresses(ask(tcp, "nginx." + namespace + ".svc.cluster.local.", Type.A)))
                    .containsExactlyInAnyOrder(subnet + "10", subnet + "11");
            assertThat(addresses(ask(tcp, "web-0.nginx." + namespace + ".svc.cluster.local.", Type.A)))
                    .containsExactly(subnet + "10");
            assertNegative(ask(tcp, "web-2.nginx." + namespace + ".svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
        }

        setStatus("web-2", subnet + "12", true);

        await(() -> rcode(udp("web-2.nginx." + namespace + ".svc.cluster.local.", Type.A)) == Rcode.NOERROR);
        assertThat(addresses(udp("web-2.nginx." + namespace + ".svc.cluster.local.", Type.A)))
                .containsExactly(subnet + "12");
        assertThat(addresses(tcp("nginx." + namespace + ".svc.cluster.local.", Type.A))).hasSize(3);
        JsonNode latency = JSON.readTree(get("/actuator/metrics/" + RecordIndexUpdater.LATENCY).body());
        assertThat(latency.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void srvNamesEachReadyPodAndPtrNamesThePod() throws Exception {
        for (boolean tcp : List.of(false, true)) {
            Message srv = ask(tcp, "_web._tcp.nginx." + namespace + ".svc.cluster.local.", Type.SRV);
            assertThat(srv.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactlyInAnyOrder(
                    "0 50 80 web-0.nginx." + namespace + ".svc.cluster.local.",
                    "0 50 80 web-1.nginx." + namespace + ".svc.cluster.local.");
            Message ptr = ask(tcp, reverse(subnet + "10"), Type.PTR);
            assertThat(ptr.getSection(Section.ANSWER)).extracting(Record::rdataToString)
                    .containsExactly("web-0.nginx." + namespace + ".svc.cluster.local.");
        }
    }

    @Test
    void aDeletedPodLeavesDnsWhenItStartsTerminating() throws Exception {
        // The pod is bound to a node, so deleting it only starts its grace period (no kubelet here ends it).
        delete(path("pods") + "/web-1");

        await(() -> rcode(udp("web-1.nginx." + namespace + ".svc.cluster.local.", Type.A)) == Rcode.NXDOMAIN);
        assertThat(addresses(udp("nginx." + namespace + ".svc.cluster.local.", Type.A))).containsExactly(subnet + "10");
        JsonNode endpoints = JSON.readTree(get(path("endpoints") + "/nginx").body());
        assertThat(endpoints.at("/subsets/0/addresses")).hasSize(1);

        delete(path("pods") + "/web-1?gracePeriodSeconds=0");
        await(() -> rcode(udp(reverse(subnet + "11"), Type.PTR)) == Rcode.NXDOMAIN);
    }

    @Test
    void endpointsAndSlicesListReadyAndNotReadyPods() throws Exception {
        await(() -> JSON.readTree(get(path("endpoints") + "/nginx").body()).at("/subsets/0/notReadyAddresses")
                .size() == 1);
        JsonNode endpoints = JSON.readTree(get(path("endpoints") + "/nginx").body());
        assertThat(endpoints.at("/metadata/labels/service.kubernetes.io~1headless").asString()).isEmpty();
        assertThat(endpoints.at("/subsets/0/addresses")).extracting(a -> a.path("hostname").asString())
                .containsExactly("web-0", "web-1");
        assertThat(endpoints.at("/subsets/0/notReadyAddresses/0/ip").asString()).isEqualTo(subnet + "12");
        assertThat(endpoints.at("/subsets/0/ports/0/port").asInt()).isEqualTo(80);

        String slicesPath = "/apis/discovery.k8s.io/v1/namespaces/" + namespace
                + "/endpointslices?labelSelector=kubernetes.io/service-name=nginx";
        await(() -> JSON.readTree(get(slicesPath).body()).at("/items/0/endpoints").size() == 3);
        JsonNode slices = JSON.readTree(get(slicesPath).body());
        JsonNode slice = slices.at("/items/0");
        assertThat(slices.path("items")).hasSize(1);
        assertThat(slice.at("/metadata/name").asString()).matches("nginx-[a-z0-9]{5}");
        assertThat(slice.at("/metadata/labels/endpointslice.kubernetes.io~1managed-by").asString())
                .isEqualTo("endpointslice-controller.k8s.io");
        assertThat(slice.at("/metadata/ownerReferences/0/kind").asString()).isEqualTo("Service");
        assertThat(slice.at("/metadata/annotations/endpoints.kubernetes.io~1last-change-trigger-time").isString())
                .isTrue();
        assertThat(slice.path("endpoints")).extracting(e -> e.at("/conditions/ready").asBoolean())
                .containsExactlyInAnyOrder(true, true, false);
    }

    @Test
    void aPodWhoseSubdomainNamesNoServiceGetsNoPodName() throws Exception {
        createPod("stray", "nowhere", "nginx");
        setStatus("stray", subnet + "20", true);

        await(() -> addresses(udp("nginx." + namespace + ".svc.cluster.local.", Type.A)).contains(subnet + "20"));
        assertNegative(udp("stray.nowhere." + namespace + ".svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
        assertNegative(udp("stray.nginx." + namespace + ".svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
        assertThat(addresses(udp(subnet.replace('.', '-') + "20.nginx." + namespace + ".svc.cluster.local.", Type.A)))
                .containsExactly(subnet + "20");
    }

    @Test
    void publishNotReadyAddressesNamesPodsBeforeTheyAreReady() throws Exception {
        post(path("services"), """
                {"metadata": {"name": "db"},
                 "spec": {"clusterIP": "None", "selector": {"app": "db"}, "publishNotReadyAddresses": true,
                          "ports": [{"name": "pg", "port": 5432}]}}""");
        createPod("db-0", "db", "db");
        setStatus("db-0", subnet + "30", false);

        await(() -> rcode(udp("db-0.db." + namespace + ".svc.cluster.local.", Type.A)) == Rcode.NOERROR);
        assertThat(addresses(tcp("db-0.db." + namespace + ".svc.cluster.local.", Type.A)))
                .containsExactly(subnet + "30");
    }

    @Test
    void clusterIpAndExternalNameServicesAnswerTheirRecords() throws Exception {
        JsonNode api = JSON.readTree(post(path("services"), """
                {"metadata": {"name": "api"},
                 "spec": {"selector": {"app": "nginx"}, "ports": [{"name": "http", "port": 8080, "targetPort": 80}]}}""")
                .body());
        String clusterIp = api.at("/spec/clusterIP").asString();
        post(path("services"), """
                {"metadata": {"name": "ext"}, "spec": {"type": "ExternalName", "externalName": "db.example.com"}}""");

        await(() -> rcode(udp("ext." + namespace + ".svc.cluster.local.", Type.CNAME)) == Rcode.NOERROR);
        assertThat(addresses(udp("api." + namespace + ".svc.cluster.local.", Type.A))).containsExactly(clusterIp);
        assertThat(udp(reverse(clusterIp), Type.PTR).getSection(Section.ANSWER)).extracting(Record::rdataToString)
                .containsExactly("api." + namespace + ".svc.cluster.local.");
        assertThat(tcp("ext." + namespace + ".svc.cluster.local.", Type.CNAME).getSection(Section.ANSWER))
                .extracting(Record::rdataToString).containsExactly("db.example.com.");
        assertNegative(udp("api." + namespace + ".svc.cluster.local.", Type.AAAA), Rcode.NOERROR);
    }

    @Test
    void unknownNamesAreNxdomainAndKnownNamesWithoutTheTypeNodata() throws Exception {
        assertNegative(udp("web-9.nginx." + namespace + ".svc.cluster.local.", Type.A), Rcode.NXDOMAIN);
        assertNegative(tcp("web-0.nginx." + namespace + ".svc.cluster.local.", Type.AAAA), Rcode.NOERROR);
        assertThat(udp("example.com.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void theHttpResolverGivesTheSameAnswers() throws Exception {
        JsonNode a = JSON.readTree(get("/dns/resolve?name=WEB-0.nginx." + namespace + ".svc.cluster.local").body());
        assertThat(a.path("rcode").asString()).isEqualTo("NOERROR");
        assertThat(a.at("/answer/0/name").asString()).isEqualTo("WEB-0.nginx." + namespace + ".svc.cluster.local.");
        assertThat(a.at("/answer/0/address").asString()).isEqualTo(subnet + "10");
        assertThat(a.at("/answer/0/ttl").asInt()).isEqualTo(5);

        JsonNode srv = JSON.readTree(get("/dns/resolve?type=SRV&name=_web._tcp.nginx." + namespace
                + ".svc.cluster.local.").body());
        assertThat(srv.path("answer")).extracting(r -> r.path("target").asString()).containsExactlyInAnyOrder(
                "web-0.nginx." + namespace + ".svc.cluster.local.", "web-1.nginx." + namespace + ".svc.cluster.local.");
        assertThat(srv.path("additional")).hasSize(2);

        JsonNode missing = JSON.readTree(get("/dns/resolve?name=web-2.nginx." + namespace + ".svc.cluster.local")
                .body());
        assertThat(missing.path("rcode").asString()).isEqualTo("NXDOMAIN");
        assertThat(missing.path("answer")).isEmpty();
        assertThat(missing.at("/authority/0/type").asString()).isEqualTo("SOA");

        JsonNode nodata = JSON.readTree(get("/dns/resolve?type=TXT&name=nginx." + namespace + ".svc.cluster.local")
                .body());
        assertThat(nodata.path("rcode").asString()).isEqualTo("NOERROR");
        assertThat(nodata.path("answer")).isEmpty();
        assertThat(nodata.path("authority")).hasSize(1);

        assertThat(get("/dns/resolve?type=MX&name=nginx.default.svc.cluster.local").statusCode()).isEqualTo(400);
        assertThat(get("/v3/api-docs/dns").body()).contains("/dns/resolve");
        assertThat(JSON.readTree(get("/v3/api-docs/swagger-config").body()).path("urls"))
                .extracting(url -> url.path("url").asString()).contains("/v3/api-docs/dns");
    }

    // ---- the cluster side ----

    private void createPod(String name, String subdomain, String app) throws Exception {
        post(path("pods"), """
                {"metadata": {"name": "%s", "labels": {"app": "%s"}},
                 "spec": {"hostname": "%s", "subdomain": "%s", "nodeName": "%s-node",
                          "containers": [{"name": "nginx", "image": "nginx:1.27",
                                          "ports": [{"name": "web", "containerPort": 80}]}]}}"""
                .formatted(name, app, name, subdomain, namespace));
    }

    /** What a kubelet reports: Running with an IP, Ready or not. */
    private void setStatus(String pod, String ip, boolean ready) throws Exception {
        ObjectNode current = (ObjectNode) JSON.readTree(get(path("pods") + "/" + pod).body());
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode status = current.putObject("status");
        status.put("phase", "Running").put("hostIP", "192.168.0.1").put("podIP", ip);
        status.putArray("podIPs").addObject().put("ip", ip);
        status.putArray("conditions").addObject().put("type", "Ready").put("status", ready ? "True" : "False")
                .put("lastTransitionTime", now);
        HttpResponse<String> response = send("PUT", path("pods") + "/" + pod + "/status", current.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String path(String resource) {
        return "/api/v1/namespaces/" + namespace + "/" + resource;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpResponse<String> response = send("POST", path, body);
        assertThat(response.statusCode()).as(response.body()).isIn(201, 409);
        return response;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    private void delete(String path) throws Exception {
        assertThat(send("DELETE", path, null).statusCode()).isIn(200, 202);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the DNS side ----

    private Message udp(String name, int type) throws Exception {
        return ask(false, name, type);
    }

    private Message tcp(String name, int type) throws Exception {
        return ask(true, name, type);
    }

    private Message ask(boolean tcp, String name, int type) throws Exception {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(dnsServer.port());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static int rcode(Message message) {
        return message.getRcode();
    }

    private static List<String> addresses(Message message) {
        return message.getSection(Section.ANSWER).stream()
                .map(r -> r instanceof AAAARecord aaaa ? IpAddresses.format(aaaa.getAddress().getAddress())
                        : r.rdataToString())
                .toList();
    }

    private static void assertNegative(Message message, int rcode) {
        assertThat(Rcode.string(message.getRcode())).isEqualTo(Rcode.string(rcode));
        assertThat(message.getSection(Section.ANSWER)).isEmpty();
        assertThat(message.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
    }

    private static String reverse(String ipv4) {
        List<String> octets = List.of(ipv4.split("\\."));
        return octets.get(3) + "." + octets.get(2) + "." + octets.get(1) + "." + octets.get(0) + ".in-addr.arpa.";
    }

    private static void await(CheckedCondition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("condition still false after 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    private interface CheckedCondition {
        boolean holds() throws Exception;
    }
}
