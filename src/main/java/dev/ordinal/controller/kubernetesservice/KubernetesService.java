package dev.ordinal.controller.kubernetesservice;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
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
 * The {@code kubernetes} Service in {@code default} and its endpoints, as kube-apiserver's
 * kubernetes service controller and endpoint reconciler keep them
 * ({@code pkg/controlplane/controller/kubernetesservice}): the Service at the first address of the
 * service range, port 443 named https, without a selector; its Endpoints (not mirrored) and its
 * EndpointSlice name this server's advertise address and its real port, so what a client in a pod
 * would dial is where Ordinal listens. The endpoint speaks Ordinal's plain HTTP. Checked at start,
 * after a reset and every ten seconds (upstream's endpoint interval): a deleted or changed object
 * is put back.
 */
@Component
class KubernetesService implements ApplicationRunner, BootObjects {

    private static final Logger log = LoggerFactory.getLogger(KubernetesService.class);
    static final String NAME = "kubernetes";
    static final String NAMESPACE = "default";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final GenericRegistry registry;
    private final ResourceDefinition services;
    private final ResourceDefinition endpoints;
    private final ResourceDefinition slices;
    private final String clusterIp;
    private final Environment environment;
    private final KubernetesServiceProperties properties;
    private volatile boolean started;

    KubernetesService(GenericRegistry registry, ResourceRegistry resources, ServiceNetworkProperties network,
                      Environment environment, KubernetesServiceProperties properties) {
        this.registry = registry;
        this.services = resources.byResource("", "v1", "services").orElseThrow();
        this.endpoints = resources.byResource("", "v1", "endpoints").orElseThrow();
        this.slices = resources.byResource("discovery.k8s.io", "v1", "endpointslices").orElseThrow();
        this.clusterIp = network.indexedAddress(1);
        this.environment = environment;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        started = true;
        create();
    }

    @Scheduled(fixedDelay = 10_000, initialDelay = 10_000)
    void reconcile() {
        if (started) {
            try {
                create();
            } catch (StatusError e) {
                log.debug("the kubernetes service was not reconciled: {}", e.getMessage());
            }
        }
    }

    @Override
    public void create() {
        ensure(services, service());
        int port = environment.getProperty("local.server.port", Integer.class, 0);
        Optional<String> address = advertiseAddress();
        if (port == 0 || address.isEmpty()) {
            return;
        }
        ensure(endpoints, endpoints(address.get(), port));
        ensure(slices, slice(address.get(), port));
    }

    /** Creates the object, or puts back the fields this keeps if someone changed them. */
    private void ensure(ResourceDefinition definition, ObjectNode desired) {
        Unstructured current = registry.find(definition, NAMESPACE, NAME).orElse(null);
        if (current == null) {
            try {
                registry.create(definition, NAMESPACE, new Unstructured(desired), WriteOptions.defaults());
            } catch (StatusError e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
            return;
        }
        Unstructured updated = current.deepCopy();
        boolean changed = false;
        for (var field : desired.properties()) {
            if (field.getKey().equals("metadata")) {
                ObjectNode labels = updated.metadata().withObject("labels");
                for (var label : field.getValue().path("labels").properties()) {
                    changed |= !label.getValue().equals(labels.get(label.getKey()));
                    labels.set(label.getKey(), label.getValue());
                }
            } else if (field.getKey().equals("spec")) {
                for (String kept : new String[] {"ports", "type"}) {
                    JsonNode value = field.getValue().path(kept);
                    changed |= !value.equals(updated.json().path("spec").path(kept));
                    updated.json().withObject("spec").set(kept, value);
                }
            } else {
                changed |= !field.getValue().equals(updated.json().get(field.getKey()));
                updated.json().set(field.getKey(), field.getValue());
            }
        }
        if (changed) {
            registry.update(definition, NAMESPACE, NAME, updated, null, WriteOptions.defaults());
        }
    }

    private ObjectNode service() {
        ObjectNode service = JSON.objectNode();
        service.putObject("metadata").put("name", NAME).putObject("labels")
                .put("component", "apiserver").put("provider", "kubernetes");
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.put("clusterIP", clusterIp);
        spec.put("sessionAffinity", "None");
        spec.putArray("ports").addObject().put("name", "https").put("protocol", "TCP").put("port", 443)
                .put("targetPort", environment.getProperty("local.server.port", Integer.class, 6443));
        return service;
    }

    private static ObjectNode endpoints(String address, int port) {
        ObjectNode endpoints = JSON.objectNode();
        endpoints.putObject("metadata").put("name", NAME).putObject("labels")
                .put("endpointslice.kubernetes.io/skip-mirror", "true");
        ObjectNode subset = endpoints.putArray("subsets").addObject();
        subset.putArray("addresses").addObject().put("ip", address);
        subset.putArray("ports").addObject().put("name", "https").put("port", port).put("protocol", "TCP");
        return endpoints;
    }

    private static ObjectNode slice(String address, int port) {
        ObjectNode slice = JSON.objectNode();
        slice.putObject("metadata").put("name", NAME).putObject("labels")
                .put("kubernetes.io/service-name", NAME);
        slice.put("addressType", address.contains(":") ? "IPv6" : "IPv4");
        ObjectNode endpoint = slice.putArray("endpoints").addObject();
        endpoint.putArray("addresses").add(address);
        endpoint.putObject("conditions").put("ready", true);
        slice.putArray("ports").addObject().put("name", "https").put("protocol", "TCP").put("port", port);
        return slice;
    }

    /** kube-apiserver's DefaultAdvertiseAddress, from the configured or the bound address. */
    private Optional<String> advertiseAddress() {
        if (properties.advertiseAddress() != null && !properties.advertiseAddress().isBlank()) {
            return Optional.of(properties.advertiseAddress());
        }
        String bound = environment.getProperty("server.address", "");
        try {
            InetAddress address = bound.isEmpty() ? null : InetAddress.getByName(bound);
            if (address != null && !address.isLoopbackAddress() && !address.isAnyLocalAddress()) {
                return Optional.of(address.getHostAddress());
            }
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress candidate : Collections.list(network.getInetAddresses())) {
                    if (candidate instanceof Inet4Address && !candidate.isLinkLocalAddress()
                            && !candidate.isLoopbackAddress()) {
                        return Optional.of(candidate.getHostAddress());
                    }
                }
            }
        } catch (UnknownHostException | SocketException e) {
            log.warn("no address for the kubernetes service's endpoints: {}", e.getMessage());
        }
        return Optional.empty();
    }
}
