package dev.ordinal.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import dev.ordinal.controller.runtime.DeletedFinalStateUnknown;
import dev.ordinal.controller.runtime.ResourceEventHandler;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.SharedInformerFactory;
import dev.ordinal.dns.ClusterDnsResolver;
import dev.ordinal.dns.RecordIndex;
import dev.ordinal.kubelet.container.Container;
import dev.ordinal.kubelet.container.ContainerFilesystem;
import dev.ordinal.kubelet.container.ContainerLog;
import dev.ordinal.kubelet.container.FileError;
import dev.ordinal.kubelet.container.FileNode;
import dev.ordinal.kubelet.container.ImageLayout;
import dev.ordinal.kubelet.container.NameServer;
import dev.ordinal.kubelet.container.Processes;
import dev.ordinal.kubelet.network.SimulatedNetwork;
import dev.ordinal.kubelet.network.WebRoot;
import dev.ordinal.kubelet.shell.Tools;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.core.ContainerStreams;
import dev.ordinal.registry.core.ipallocator.ServiceNetworkProperties;
import dev.ordinal.registry.rest.LogStream;
import dev.ordinal.registry.rest.PodLogOptions;
import dev.ordinal.registry.rest.RemoteCommand;

/**
 * The simulated container runtime of every node: one {@link SimulatedContainer} per container
 * instance the kubelet reports running (by its containerID), set up as the kubelet and a CRI
 * runtime set a container up — the image's layout, the managed {@code /etc/hosts},
 * {@code /etc/resolv.conf} and {@code /etc/hostname}, the environment, the pod's volumes at their
 * mount paths — and its main process started. An instance the kubelet reports terminated is
 * stopped, its log kept for {@code --previous} while the pod exists. It serves the pods' exec,
 * attach, log and port-forward subresources ({@link ContainerStreams}); its containers' declared
 * ports answer on the {@link SimulatedNetwork}.
 */
@Component
class ContainerRuntime implements ContainerStreams, SmartLifecycle {

    private final SharedIndexInformer pods;
    private final SharedIndexInformer claims;
    private final SharedIndexInformer volumes;
    private final PodVolumes contents = new PodVolumes();
    private final Map<String, SimulatedContainer> instances = new ConcurrentHashMap<>();
    private final Map<String, List<String>> instancesOfPod = new ConcurrentHashMap<>();
    private final Clock clock;
    private final String clusterDomain;
    private final String clusterDns;
    private final KubeletSources sources;
    private final NameServer nameServer;
    private volatile BiConsumer<String, String> exitListener = (namespace, name) -> { };
    private final SimulatedNetwork network;
    private volatile boolean serving;

    ContainerRuntime(SharedInformerFactory informers, GenericRegistry registry,
                     @Value("${ordinal.dns.cluster-domain:cluster.local}") String clusterDomain,
                     @Value("${ordinal.kubelet.cluster-dns:}") String clusterDns, ServiceNetworkProperties network,
                     KubeletSources sources, RecordIndex records, ClusterDnsResolver clusterDnsResolver) {
        this.pods = informers.informerFor(new GroupResource("", "pods"));
        this.claims = informers.informerFor(new GroupResource("", "persistentvolumeclaims"));
        this.volumes = informers.informerFor(new GroupResource("", "persistentvolumes"));
        this.clock = registry.clock();
        this.clusterDomain = clusterDomain;
        // kubeadm's kubelet clusterDNS: the kube-dns Service's address, the tenth of the range.
        this.clusterDns = clusterDns.isBlank() ? network.indexedAddress(10) : clusterDns;
        this.sources = sources;
        this.network = new SimulatedNetwork(pods, records, clusterDnsResolver, this::running);
        this.nameServer = clusterDnsResolver::answer;
    }

    /** Tells {@code listener} the namespace and name of a pod whose container's main process exited by itself. */
    void onMainProcessExit(BiConsumer<String, String> listener) {
        this.exitListener = listener;
    }

    /** The exit code of instance {@code containerId}'s main process once it exited by itself; empty while it runs. */
    OptionalInt exitCode(String containerId) {
        SimulatedContainer instance = containerId.isEmpty() ? null : instances.get(containerId);
        return instance == null ? OptionalInt.empty() : instance.exitCode();
    }

    @PostConstruct
    void watchPods() {
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured pod, boolean isInInitialList) {
                sync(pod);
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                if (!old.uid().equals(current.uid())) {
                    forget(old.uid());
                } else if (!old.labels().equals(current.labels())
                        || !old.annotations().equals(current.annotations())) {
                    // downwardAPI files of labels and annotations follow them
                    refreshVolumes(current);
                }
                sync(current);
            }

            @Override
            public void onDelete(Object pod) {
                forget(DeletedFinalStateUnknown.lastKnown(pod).uid());
            }
        });
        ResourceEventHandler volumeSources = new ResourceEventHandler() {
            @Override
            public void onAdd(Unstructured source, boolean isInInitialList) {
                if (!isInInitialList) {
                    refreshVolumes(source.namespace());
                }
            }

            @Override
            public void onUpdate(Unstructured old, Unstructured current) {
                refreshVolumes(current.namespace());
            }
        };
        sources.configMaps().addEventHandler(volumeSources);
        sources.secrets().addEventHandler(volumeSources);
        claims.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(Object claim) {
                contents.forgetClaim(DeletedFinalStateUnknown.lastKnown(claim).uid());
            }
        });
        volumes.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(Object volume) {
                contents.forgetPersistentVolume(DeletedFinalStateUnknown.lastKnown(volume).uid());
            }
        });
    }

    /** The rendered volumes of the namespace's pods that have containers here, after a ConfigMap or Secret changed. */
    private void refreshVolumes(String namespace) {
        pods.list().stream().filter(pod -> pod.namespace().equals(namespace)).forEach(this::refreshVolumes);
    }

    private void refreshVolumes(Unstructured pod) {
        if (instancesOfPod.containsKey(pod.uid())) {
            contents.refresh(pod, sources, clock.instant());
        }
    }

    @PreDestroy
    void shutdown() {
        instances.values().forEach(SimulatedContainer::stop);
    }

    @Override
    public void start() {
        serving = true;
    }

    /**
     * Ends every followed log before the web server drains its requests, as {@code WatchStreams}
     * ends watches; the containers keep running (a paused test context is started again).
     */
    @Override
    public void stop() {
        serving = false;
    }

    @Override
    public boolean isRunning() {
        return serving;
    }

    /** Starts the instances the pod's status reports running, stops those it reports terminated. */
    private void sync(Unstructured pod) {
        JsonNode status = pod.json().path("status");
        for (String field : List.of("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")) {
            for (JsonNode container : status.path(field)) {
                String name = container.path("name").asString("");
                // A status written by hand may name a container the spec does not have: nothing runs it.
                if (container.path("state").has("running") && spec(pod, name) != null) {
                    instance(pod, name, container.path("containerID").asString(""));
                }
                stopIfKnown(container.path("state").path("terminated").path("containerID").asString(""));
                stopIfKnown(container.path("lastState").path("terminated").path("containerID").asString(""));
            }
        }
    }

    private void stopIfKnown(String containerId) {
        SimulatedContainer instance = containerId.isEmpty() ? null : instances.get(containerId);
        if (instance != null) {
            instance.stop();
        }
    }

    private synchronized void forget(String podUid) {
        List<String> ids = instancesOfPod.remove(podUid);
        if (ids != null) {
            ids.forEach(id -> {
                SimulatedContainer instance = instances.remove(id);
                if (instance != null) {
                    instance.stop();
                }
            });
        }
        contents.forgetPod(podUid);
    }

    /**
     * The instance {@code containerId} of the pod's container {@code name}, created and started on
     * first sight. Of the instances before it only the last is kept, for {@code --previous}, as the
     * kubelet's container garbage collection keeps one dead container per container
     * ({@code MaxPerPodContainer}).
     */
    private SimulatedContainer instance(Unstructured pod, String name, String containerId) {
        SimulatedContainer known = instances.get(containerId);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = instances.get(containerId);
            if (known != null) {
                return known;
            }
            SimulatedContainer instance = create(pod, spec(pod, name));
            List<String> ids = instancesOfPod.computeIfAbsent(pod.uid(), uid -> new CopyOnWriteArrayList<>());
            List<String> older = ids.stream().filter(id -> instances.containsKey(id)
                    && instances.get(id).container().name().equals(name)).toList();
            for (String id : older.subList(0, Math.max(0, older.size() - 1))) {
                ids.remove(id);
                SimulatedContainer dead = instances.remove(id);
                if (dead != null) {
                    dead.stop();
                }
            }
            ids.add(containerId);
            instances.put(containerId, instance);
            instance.start("container-" + pod.namespace() + "-" + pod.name() + "-" + name,
                    () -> exitListener.accept(pod.namespace(), pod.name()));
            return instance;
        }
    }

    private SimulatedContainer create(Unstructured pod, JsonNode spec) {
        Instant now = clock.instant();
        ContainerFilesystem filesystem = new ContainerFilesystem(clock);
        ContainerLog log = new ContainerLog(clock);
        ImageLayout.apply(filesystem, log);
        Tools.install(filesystem);
        WebRoot.install(filesystem, spec.path("image").asString(""));
        String hostname = ManagedFiles.hostname(pod);
        filesystem.place("/etc/hostname", file(hostname + "\n", now));
        filesystem.place("/etc/hosts", file(ManagedFiles.hosts(pod, clusterDomain), now));
        filesystem.place("/etc/resolv.conf", file(ManagedFiles.resolvConf(pod, clusterDomain, clusterDns), now));
        for (JsonNode mount : spec.path("volumeMounts")) {
            String subPath = mount.path("subPath").asString("");
            contents.volume(pod, mount.path("name").asString(""), sources, now).ifPresent(volume -> {
                try {
                    FileNode.Directory target = subPath.isEmpty() ? volume : volume.subdirectory(subPath, now);
                    filesystem.mount(mount.path("mountPath").asString(""), target);
                } catch (FileError e) {
                    // a subPath naming a file (a single projected key) is not mounted here
                }
            });
        }
        String workingDir = spec.path("workingDir").asString("");
        if (!workingDir.isEmpty()) {
            filesystem.mkdir(workingDir, true);
        }
        Optional<Processes> target = targetProcesses(pod, spec);
        Container container = new Container(spec.path("name").asString(""), spec.path("image").asString(""),
                filesystem, hostname,
                Container.User.ROOT, ContainerEnvironment.of(pod, spec, hostname, sources), workingDir, log,
                target.orElseGet(Processes::new), nameServer, network);
        boolean stdin = spec.path("stdin").asBoolean(false);
        return new SimulatedContainer(container, ImageCommands.mainProcess(spec, stdin), target.isEmpty(), stdin,
                spec.path("stdinOnce").asBoolean(false), spec.path("tty").asBoolean(false));
    }

    /**
     * The PID namespace of the running target of an ephemeral container with a
     * {@code targetContainerName}, which it joins as the runtime's namespace targeting does; empty
     * for every other container, which has a namespace of its own.
     */
    private Optional<Processes> targetProcesses(Unstructured pod, JsonNode spec) {
        String target = spec.path("targetContainerName").asString("");
        if (!target.isEmpty()) {
            for (String id : instancesOfPod.getOrDefault(pod.uid(), List.of())) {
                SimulatedContainer candidate = instances.get(id);
                if (candidate != null && candidate.container().name().equals(target) && candidate.exitCode().isEmpty()) {
                    return Optional.of(candidate.container().processes());
                }
            }
        }
        return Optional.empty();
    }

    /** The spec of the pod's container, init container or ephemeral container {@code name}; null when none. */
    private static JsonNode spec(Unstructured pod, String name) {
        for (String field : List.of("containers", "initContainers", "ephemeralContainers")) {
            for (JsonNode container : pod.json().path("spec").path(field)) {
                if (container.path("name").asString("").equals(name)) {
                    return container;
                }
            }
        }
        return null;
    }

    private static FileNode.RegularFile file(String content, Instant now) {
        return new FileNode.RegularFile(content.getBytes(StandardCharsets.UTF_8), 0644, now);
    }

    @Override
    public RemoteCommand exec(Unstructured pod, String container, String containerId, List<String> command,
                              boolean tty) {
        return instance(pod, container, containerId).exec(command, tty);
    }

    @Override
    public RemoteCommand attach(Unstructured pod, String container, String containerId, boolean tty) {
        return instance(pod, container, containerId).attach(tty);
    }

    @Override
    public void portForward(Unstructured pod, int port, InputStream in, OutputStream out) throws IOException {
        network.forward(pod, port, in, out);
    }

    /** The running instance of the pod's container {@code name}, as its status reports it. */
    private Optional<Container> running(Unstructured pod, String name) {
        for (JsonNode status : pod.json().path("status").path("containerStatuses")) {
            if (status.path("name").asString("").equals(name) && status.path("state").has("running")
                    && spec(pod, name) != null) {
                return Optional.of(instance(pod, name, status.path("containerID").asString("")).container());
            }
        }
        return Optional.empty();
    }

    /** The log of an instance this runtime ran; one it never ran (before a restart of the server) is empty. */
    @Override
    public LogStream log(Unstructured pod, String container, String containerId, PodLogOptions options) {
        SimulatedContainer instance = instances.get(containerId);
        if (instance == null) {
            JsonNode status = pod.json().path("status");
            boolean running = false;
            for (JsonNode candidate : status.path("containerStatuses")) {
                running |= candidate.path("containerID").asString("").equals(containerId)
                        && candidate.path("state").has("running");
            }
            if (!running) {
                ContainerLog empty = new ContainerLog(clock);
                empty.close();
                return new ContainerLogStream(empty, options, clock, () -> serving);
            }
            instance = instance(pod, container, containerId);
        }
        return new ContainerLogStream(instance.container().log(), options, clock, () -> serving);
    }
}
