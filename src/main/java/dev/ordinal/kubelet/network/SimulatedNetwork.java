package dev.ordinal.kubelet.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.dns.ClusterDnsResolver;
import dev.ordinal.dns.RecordIndex;
import dev.ordinal.kubelet.container.ClusterNetwork;
import dev.ordinal.kubelet.container.Container;
import dev.ordinal.machinery.Unstructured;

/**
 * The simulated pod network, the one place TCP is simulated: a running container listens on the
 * TCP ports its spec declares, and what listens there is a static web server over the container's
 * {@link WebRoot}. Pod IPs reach a pod's containers; a Service's ClusterIP and port reach one ready
 * endpoint of it at the endpoint's port, as kube-proxy picks one. Port-forward connects to a pod's
 * port as the kubelet's runtime does, from inside the pod's network namespace; processes in
 * containers connect through {@link ClusterNetwork} and resolve names with the cluster DNS.
 */
public final class SimulatedNetwork implements ClusterNetwork {

    /** The running instance of a pod's container, if the runtime runs one. */
    @FunctionalInterface
    public interface RunningContainers {
        Optional<Container> running(Unstructured pod, String container);
    }

    private final SharedIndexInformer pods;
    private final RecordIndex services;
    private final ClusterDnsResolver dns;
    private final RunningContainers containers;

    public SimulatedNetwork(SharedIndexInformer pods, RecordIndex services, ClusterDnsResolver dns,
                            RunningContainers containers) {
        this.pods = pods;
        this.services = services;
        this.dns = dns;
        this.containers = containers;
    }

    @Override
    public List<String> addresses(String fqdn) {
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(fqdn, Name.root), Type.A, DClass.IN));
        } catch (TextParseException e) {
            return List.of();
        }
        query.getHeader().setFlag(Flags.RD);
        List<String> addresses = new ArrayList<>();
        for (Record answer : dns.answer(query).getSection(Section.ANSWER)) {
            if (answer instanceof ARecord a) {
                addresses.add(a.getAddress().getHostAddress());
            }
        }
        return addresses;
    }

    @Override
    public void connect(String ip, int port, InputStream in, OutputStream out) throws IOException {
        Endpoint endpoint = serviceEndpoint(ip, port).orElse(new Endpoint(ip, port));
        Unstructured pod = pods.list().stream()
                .filter(candidate -> podIps(candidate).contains(endpoint.ip()))
                .findFirst()
                .orElseThrow(() -> new ConnectException("No route to host"));
        listener(pod, endpoint.port()).orElseThrow(() -> new ConnectException("Connection refused"))
                .serve(in, out);
    }

    /**
     * Port-forward's connection to {@code port} inside the pod, failing as the kubelet reports
     * containerd's port forwarding failing when nothing listens there: the CRI streaming server
     * knows the pod by its sandbox id only, so the uid it names is empty.
     */
    public void forward(Unstructured pod, int port, InputStream in, OutputStream out) throws IOException {
        Optional<StaticFileServer> listener = listener(pod, port);
        if (listener.isEmpty()) {
            String sandbox = sandboxId(pod);
            // containerd's sandbox_portforward_linux.go dials localhost in the pod's namespace, IPv4 then IPv6.
            throw new ConnectException("error forwarding port " + port + " to pod " + sandbox + ", uid : "
                    + "failed to execute portforward in network namespace \"/var/run/netns/cni-"
                    + UUID.nameUUIDFromBytes(pod.uid().getBytes(StandardCharsets.UTF_8))
                    + "\": failed to connect to localhost:" + port + " inside namespace \"" + sandbox
                    + "\", IPv4: dial tcp4 127.0.0.1:" + port + ": connect: connection refused IPv6 dial tcp6: "
                    + "address localhost: no suitable address found ");
        }
        listener.get().serve(in, out);
    }

    /** The id the runtime knows the pod's sandbox by, which the kubelet's port-forward errors name. */
    public static String sandboxId(Unstructured pod) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("sandbox/" + pod.uid()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What listens on the pod's TCP {@code port}: the server of a running container declaring it. */
    private Optional<StaticFileServer> listener(Unstructured pod, int port) {
        for (JsonNode spec : pod.json().path("spec").path("containers")) {
            for (JsonNode declared : spec.path("ports")) {
                if (declared.path("containerPort").asInt(-1) == port
                        && declared.path("protocol").asString("TCP").equals("TCP")) {
                    Optional<Container> container = containers.running(pod, spec.path("name").asString(""));
                    if (container.isPresent()) {
                        WebRoot root = WebRoot.of(pod.annotations(), spec);
                        return Optional.of(new StaticFileServer(container.get().filesystem(), root.directory(),
                                root.software()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A ready endpoint's IP and port for a Service's ClusterIP and port: the endpoint port is the
     * slice's port of the same name as the Service's (the resolved targetPort); one of the ready
     * addresses is chosen at random.
     */
    private Optional<Endpoint> serviceEndpoint(String ip, int port) throws ConnectException {
        for (RecordIndex.Service service : services.servicesWithClusterIp(ip)) {
            for (RecordIndex.Port servicePort : service.ports()) {
                if (servicePort.port() != port || !servicePort.protocol().equals("TCP")) {
                    continue;
                }
                List<Endpoint> endpoints = new ArrayList<>();
                for (RecordIndex.Slice slice : services.slices(service)) {
                    for (RecordIndex.Port slicePort : slice.ports()) {
                        if (slicePort.name().equals(servicePort.name()) && slicePort.port() > 0) {
                            slice.addresses().forEach(address -> endpoints.add(
                                    new Endpoint(address.ip(), slicePort.port())));
                        }
                    }
                }
                if (endpoints.isEmpty()) {
                    // kube-proxy rejects connections to a Service without ready endpoints.
                    throw new ConnectException("Connection refused");
                }
                return Optional.of(endpoints.get(ThreadLocalRandom.current().nextInt(endpoints.size())));
            }
        }
        return Optional.empty();
    }

    private record Endpoint(String ip, int port) {
    }

    private static List<String> podIps(Unstructured pod) {
        List<String> ips = new ArrayList<>();
        for (JsonNode ip : pod.json().path("status").path("podIPs")) {
            ips.add(ip.path("ip").asString(""));
        }
        ips.add(pod.json().path("status").path("podIP").asString(""));
        return ips;
    }
}
