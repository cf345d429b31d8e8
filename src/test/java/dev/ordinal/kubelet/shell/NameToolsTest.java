package dev.ordinal.kubelet.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import dev.ordinal.kubelet.container.ClusterNetwork;
import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.ContainerLog;
import dev.ordinal.kubelet.container.ImageLayout;
import dev.ordinal.kubelet.container.NameServer;
import dev.ordinal.kubelet.container.Processes;

import static org.assertj.core.api.Assertions.assertThat;

/** nslookup, host and getent against a cluster DNS, through the search path of resolv.conf. */
class NameToolsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:15:30Z"), ZoneOffset.UTC);

    /** The records of a small cluster: the DNS Service, a headless Service's pod, and their PTRs. */
    private static final Map<String, String> A = Map.of(
            "web-0.nginx.default.svc.cluster.local.", "10.244.1.6",
            "kube-dns.kube-system.svc.cluster.local.", "10.96.0.10");

    private static final NameServer CLUSTER_DNS = query -> {
        Record question = query.getQuestion();
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.addRecord(question, Section.QUESTION);
        String name = question.getName().toString();
        if (question.getType() == Type.A && A.containsKey(name)) {
            response.addRecord(new ARecord(question.getName(), DClass.IN, 5, address(A.get(name))), Section.ANSWER);
            return response;
        }
        if (question.getType() == Type.PTR) {
            for (Map.Entry<String, String> entry : A.entrySet()) {
                if (ReverseMap.fromAddress(address(entry.getValue())).equals(question.getName())) {
                    response.addRecord(new PTRRecord(question.getName(), DClass.IN, 5,
                            Name.fromConstantString(entry.getKey())), Section.ANSWER);
                    return response;
                }
            }
        }
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        return response;
    };

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private record Run(int status, String out, String err) {
    }

    private Run sh(String image, String script) {
        ContainerFilesystem filesystem = new ContainerFilesystem(CLOCK);
        ContainerLog log = new ContainerLog(CLOCK);
        ImageLayout.apply(filesystem, log);
        Tools.install(filesystem);
        filesystem.write("/etc/hosts", "127.0.0.1\tlocalhost\n10.244.1.5\tweb-1.nginx.default.svc.cluster.local\tweb-1\n"
                .getBytes(StandardCharsets.UTF_8), false);
        filesystem.write("/etc/resolv.conf", ("search default.svc.cluster.local svc.cluster.local cluster.local\n"
                + "nameserver 10.96.0.10\noptions ndots:5\n").getBytes(StandardCharsets.UTF_8), false);
        Container container = new Container("dns-test", image, filesystem, "dns-test", Container.User.ROOT,
                Map.of("PATH", "/bin"), "/", log, new Processes(), CLUSTER_DNS, ClusterNetwork.NONE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Shell(container, false).execute(List.of("sh", "-c", script),
                new Io(new ByteArrayInputStream(new byte[0]), out, err));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void busybox128PrintsWhatTheStatefulSetTutorialShows() {
        Run run = sh("busybox:1.28", "nslookup web-0.nginx");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("""
                Server:    10.96.0.10
                Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

                Name:      web-0.nginx
                Address 1: 10.244.1.6 web-0.nginx.default.svc.cluster.local

                """);
    }

    @Test
    void busybox128CannotResolveAnUnknownName() {
        Run run = sh("busybox:1.28", "nslookup web-9.nginx");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("nslookup: can't resolve 'web-9.nginx'\n");
    }

    @Test
    void newerBusyboxPrintsTheServersPortAndTheQualifiedName() {
        Run found = sh("busybox:1.36", "nslookup web-0.nginx");
        assertThat(found.status()).isZero();
        assertThat(found.out()).isEqualTo("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                + "Name:\tweb-0.nginx.default.svc.cluster.local\nAddress: 10.244.1.6\n\n");

        Run missing = sh("busybox", "nslookup nope");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.out()).endsWith("** server can't find nope: NXDOMAIN\n\n");
    }

    @Test
    void anAbsoluteNameSkipsTheSearchPath() {
        assertThat(sh("busybox", "host web-0.nginx.default.svc.cluster.local.").out())
                .isEqualTo("web-0.nginx.default.svc.cluster.local has address 10.244.1.6\n");
        Run missing = sh("busybox", "host web-0.nginx.");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.out()).isEqualTo("Host web-0.nginx. not found: 3(NXDOMAIN)\n");
    }

    @Test
    void getentReadsEtcHostsBeforeAskingDns() {
        Run run = sh("debian", "getent hosts web-1 web-0.nginx");
        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("10.244.1.5      web-1.nginx.default.svc.cluster.local web-1\n"
                + "10.244.1.6      web-0.nginx.default.svc.cluster.local\n");
        assertThat(sh("debian", "getent hosts nothing-here").status()).isEqualTo(2);
    }
}
