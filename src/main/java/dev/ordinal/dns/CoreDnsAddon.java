package dev.ordinal.dns;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.BootObjects;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.registry.core.ipallocator.ServiceNetworkProperties;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;

/**
 * kubeadm's DNS addon ({@code cmd/kubeadm/app/phases/addons/dns}) in {@code kube-system}: the
 * ServiceAccount {@code coredns}, the ConfigMap {@code coredns} whose Corefile says what the
 * embedded DNS server answers (zone, pod records, TTL), the Deployment {@code coredns} of two pods
 * labelled {@code k8s-app=kube-dns}, and the Service {@code kube-dns} at the tenth address of the
 * service range, which every pod's {@code /etc/resolv.conf} names. The pods are simulated like any
 * other; the embedded DNS server answers for them. Each object is created at start and after a
 * reset when missing; like kubeadm's addon, nothing puts back what a user changes or deletes.
 */
@Component
class CoreDnsAddon implements ApplicationRunner, BootObjects {

    static final String NAMESPACE = "kube-system";
    static final String NAME = "coredns";
    static final String SERVICE = "kube-dns";
    /** kubeadm's CoreDNS image for Kubernetes 1.32. */
    static final String IMAGE = "registry.k8s.io/coredns/coredns:v1.11.3";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GenericRegistry registry;
    private final ResourceRegistry resources;
    private final DnsProperties dns;
    private final String clusterIp;

    CoreDnsAddon(GenericRegistry registry, ResourceRegistry resources, DnsProperties dns,
                 ServiceNetworkProperties network) {
        this.registry = registry;
        this.resources = resources;
        this.dns = dns;
        this.clusterIp = network.indexedAddress(10);
    }

    @Override
    public void run(ApplicationArguments args) {
        create();
    }

    @Override
    public void create() {
        ensure("", "v1", "serviceaccounts", metadata(JSON.objectNode(), NAME));
        ensure("", "v1", "configmaps", configMap());
        ensure("apps", "v1", "deployments", deployment());
        ensure("", "v1", "services", service());
    }

    private void ensure(String group, String version, String plural, ObjectNode object) {
        ResourceDefinition definition = resources.byResource(group, version, plural).orElseThrow();
        String name = object.path("metadata").path("name").asString("");
        if (registry.find(definition, NAMESPACE, name).isPresent()) {
            return;
        }
        try {
            registry.create(definition, NAMESPACE, new Unstructured(object), WriteOptions.defaults());
        } catch (StatusError e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    private static ObjectNode metadata(ObjectNode object, String name) {
        object.putObject("metadata").put("name", name);
        return object;
    }

    /** kubeadm's Corefile, with the zone, pod mode and TTL the embedded server answers with. */
    private ObjectNode configMap() {
        ObjectNode map = metadata(JSON.objectNode(), NAME);
        String corefile = """
                .:53 {
                    errors
                    health {
                       lameduck 5s
                    }
                    ready
                    kubernetes %s in-addr.arpa ip6.arpa {
                       pods %s
                       fallthrough in-addr.arpa ip6.arpa
                       ttl %d
                    }
                    prometheus :9153
                    forward . /etc/resolv.conf {
                       max_concurrent 1000
                    }
                    cache 30
                    loop
                    reload
                    loadbalance
                }
                """.formatted(dns.clusterDomain(), dns.pods().name().toLowerCase(java.util.Locale.ROOT), dns.ttl());
        map.putObject("data").put("Corefile", corefile);
        return map;
    }

    private static ObjectNode deployment() {
        ObjectNode deployment = metadata(JSON.objectNode(), NAME);
        ((ObjectNode) deployment.path("metadata")).putObject("labels").put("k8s-app", "kube-dns");
        ObjectNode spec = deployment.putObject("spec");
        spec.put("replicas", 2);
        spec.putObject("strategy").put("type", "RollingUpdate").putObject("rollingUpdate").put("maxUnavailable", 1);
        spec.putObject("selector").putObject("matchLabels").put("k8s-app", "kube-dns");
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").putObject("labels").put("k8s-app", "kube-dns");
        ObjectNode pod = template.putObject("spec");
        pod.put("priorityClassName", "system-cluster-critical");
        pod.put("serviceAccountName", NAME);
        ArrayNode tolerations = pod.putArray("tolerations");
        tolerations.addObject().put("key", "CriticalAddonsOnly").put("operator", "Exists");
        tolerations.addObject().put("key", "node-role.kubernetes.io/control-plane").put("effect", "NoSchedule");
        pod.putObject("nodeSelector").put("kubernetes.io/os", "linux");
        ObjectNode term = pod.putObject("affinity").putObject("podAntiAffinity")
                .putArray("preferredDuringSchedulingIgnoredDuringExecution").addObject().put("weight", 100)
                .putObject("podAffinityTerm");
        term.putObject("labelSelector").putArray("matchExpressions").addObject().put("key", "k8s-app")
                .put("operator", "In").putArray("values").add("kube-dns");
        term.put("topologyKey", "kubernetes.io/hostname");
        ObjectNode container = pod.putArray("containers").addObject();
        container.put("name", NAME);
        container.put("image", IMAGE);
        container.put("imagePullPolicy", "IfNotPresent");
        ObjectNode resources = container.putObject("resources");
        resources.putObject("limits").put("memory", "170Mi");
        resources.putObject("requests").put("cpu", "100m").put("memory", "70Mi");
        container.putArray("args").add("-conf").add("/etc/coredns/Corefile");
        container.putArray("volumeMounts").addObject().put("name", "config-volume").put("readOnly", true)
                .put("mountPath", "/etc/coredns");
        ArrayNode ports = container.putArray("ports");
        ports.addObject().put("containerPort", 53).put("name", "dns").put("protocol", "UDP");
        ports.addObject().put("containerPort", 53).put("name", "dns-tcp").put("protocol", "TCP");
        ports.addObject().put("containerPort", 9153).put("name", "metrics").put("protocol", "TCP");
        ObjectNode liveness = container.putObject("livenessProbe");
        liveness.putObject("httpGet").put("path", "/health").put("port", 8080).put("scheme", "HTTP");
        liveness.put("initialDelaySeconds", 60).put("timeoutSeconds", 5).put("successThreshold", 1)
                .put("failureThreshold", 5);
        container.putObject("readinessProbe").putObject("httpGet").put("path", "/ready").put("port", 8181)
                .put("scheme", "HTTP");
        ObjectNode security = container.putObject("securityContext");
        security.put("allowPrivilegeEscalation", false);
        ObjectNode capabilities = security.putObject("capabilities");
        capabilities.putArray("add").add("NET_BIND_SERVICE");
        capabilities.putArray("drop").add("ALL");
        security.put("readOnlyRootFilesystem", true);
        pod.put("dnsPolicy", "Default");
        pod.putArray("volumes").addObject().put("name", "config-volume").putObject("configMap").put("name", NAME)
                .putArray("items").addObject().put("key", "Corefile").put("path", "Corefile");
        return deployment;
    }

    private ObjectNode service() {
        ObjectNode service = metadata(JSON.objectNode(), SERVICE);
        ObjectNode metadata = (ObjectNode) service.path("metadata");
        metadata.putObject("labels").put("k8s-app", "kube-dns").put("kubernetes.io/cluster-service", "true")
                .put("kubernetes.io/name", "CoreDNS");
        metadata.putObject("annotations").put("prometheus.io/port", "9153").put("prometheus.io/scrape", "true");
        ObjectNode spec = service.putObject("spec");
        spec.put("clusterIP", clusterIp);
        spec.putObject("selector").put("k8s-app", "kube-dns");
        ArrayNode ports = spec.putArray("ports");
        ports.addObject().put("name", "dns").put("port", 53).put("protocol", "UDP").put("targetPort", 53);
        ports.addObject().put("name", "dns-tcp").put("port", 53).put("protocol", "TCP").put("targetPort", 53);
        ports.addObject().put("name", "metrics").put("port", 9153).put("protocol", "TCP").put("targetPort", 9153);
        return service;
    }
}
