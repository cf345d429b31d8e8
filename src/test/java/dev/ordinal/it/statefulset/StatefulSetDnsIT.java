package dev.ordinal.it.statefulset;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import dev.ordinal.dns.DnsServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names a StatefulSet promises, asked of the cluster DNS server over UDP while the real
 * controllers create, ready and remove the pods: {@code web-N.nginx.<ns>.svc.cluster.local}
 * answers pod N's IP once it is Ready and not before, and follows scaling.
 */
@StatefulSetScenario
class StatefulSetDnsIT {

    @LocalServerPort
    int port;

    @Autowired
    DnsServer dnsServer;

    private TestNamespace ns;

    @BeforeEach
    void namespace() {
        ns = TestNamespace.create(port, "dns");
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void eachPodsNameResolvesOnceItIsReadyAndFollowsScaling() throws Exception {
        ns.createNginxService();
        // Half a second between Running and Ready, for the names to be asked while pods are unready.
        ns.create(Manifests.web(3).editSpec().editTemplate().editMetadata()
                .addToAnnotations("ordinal.dev/ready-delay", "500ms").endMetadata().endTemplate().endSpec().build());

        boolean[] resolved = new boolean[3];
        int askedWhileUnready = 0;
        long deadline = System.nanoTime() + TestNamespace.PATIENCE.toNanos();
        while (!(resolved[0] && resolved[1] && resolved[2])) {
            assertThat(System.nanoTime()).as("all names resolve in time").isLessThan(deadline);
            for (int ordinal = 0; ordinal < 3; ordinal++) {
                List<String> answer = addresses(ask(podName(ordinal), Type.A));
                // Read after the question: a pod not Ready now was not Ready when it was asked.
                Pod pod = ns.pod("web-" + ordinal);
                if (pod == null || !Pods.ready(pod)) {
                    assertThat(answer).as("web-%d before it is Ready", ordinal).isEmpty();
                    askedWhileUnready += pod != null && pod.getStatus().getPodIP() != null ? 1 : 0;
                } else if (!answer.isEmpty()) {
                    assertThat(answer).as("web-%d", ordinal).containsExactly(pod.getStatus().getPodIP());
                    resolved[ordinal] = true;
                }
            }
            Thread.sleep(20);
        }
        assertThat(askedWhileUnready).as("names asked while their pod ran unready").isPositive();

        List<String> ips = ns.pods().stream().map(pod -> pod.getStatus().getPodIP()).toList();
        assertThat(addresses(ask("nginx." + ns.name + ".svc.cluster.local.", Type.A)))
                .containsExactlyInAnyOrderElementsOf(ips);
        assertThat(ask("_web._tcp.nginx." + ns.name + ".svc.cluster.local.", Type.SRV).getSection(Section.ANSWER))
                .map(record -> ((SRVRecord) record).getPort() + " " + ((SRVRecord) record).getTarget())
                .containsExactlyInAnyOrder("80 " + podName(0), "80 " + podName(1), "80 " + podName(2));
        String ip0 = ns.pod("web-0").getStatus().getPodIP();
        assertThat(ask(ReverseMap.fromAddress(ip0).toString(), Type.PTR).getSection(Section.ANSWER))
                .map(Record::rdataToString).containsExactly(podName(0));

        ns.set("web").scale(2);
        ns.until("web-2's name is gone", () -> ask(podName(2), Type.A).getRcode() == Rcode.NXDOMAIN);
        assertThat(addresses(ask(podName(1), Type.A))).containsExactly(ns.pod("web-1").getStatus().getPodIP());

        ns.set("web").scale(3);
        Pod back = ns.awaitPod("web-2", "web-2 is back and Ready", Pods::ready);
        ns.until("web-2's name is back", () -> addresses(ask(podName(2), Type.A))
                .equals(List.of(back.getStatus().getPodIP())));
    }

    @Test
    void aSetWhoseServiceDoesNotExistGetsNoPodNamesUntilItDoes() throws Exception {
        // Another headless Service selecting the same pods: its name lists them once the DNS index
        // holds them, and their hostnames stay under their own subdomain, nginx.
        ns.client.services().inNamespace(ns.name).resource(new ServiceBuilder(Manifests.nginx())
                .editMetadata().withName("other").endMetadata().build()).create();
        ns.create(Manifests.web(2).build());
        ns.awaitRolledOut("web", 2);
        List<String> ips = ns.pods().stream().map(pod -> pod.getStatus().getPodIP()).toList();
        ns.until("other lists both pods", () -> addresses(ask("other." + ns.name + ".svc.cluster.local.", Type.A))
                .containsAll(ips));

        assertThat(ask(podName(0), Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ask("web-0.other." + ns.name + ".svc.cluster.local.", Type.A).getRcode())
                .isEqualTo(Rcode.NXDOMAIN);

        ns.createNginxService();
        ns.until("web-0's name resolves", () -> addresses(ask(podName(0), Type.A))
                .equals(List.of(ns.pod("web-0").getStatus().getPodIP())));
    }

    private String podName(int ordinal) {
        return "web-" + ordinal + ".nginx." + ns.name + ".svc.cluster.local.";
    }

    private Message ask(String name, int type) throws Exception {
        SimpleResolver resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(dnsServer.port());
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private static List<String> addresses(Message message) {
        return message.getSection(Section.ANSWER).stream()
                .filter(ARecord.class::isInstance)
                .map(record -> ((ARecord) record).getAddress().getHostAddress())
                .toList();
    }
}
