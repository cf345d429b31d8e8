package dev.ordinal.kubelet.container;

import java.util.Map;

/**
 * One simulated container as its processes see it: the image it runs, the root filesystem with the pod's volumes
 * mounted, the hostname of its UTS namespace, the user its processes run as, the environment and
 * working directory its processes start with, the log its main process writes, the process table
 * of its PID namespace, the name server its resolver asks and the cluster network its processes
 * connect through.
 */
public record Container(String name, String image, ContainerFilesystem filesystem, String hostname, User user,
                        Map<String, String> environment, String workingDir, ContainerLog log,
                        Processes processes, NameServer nameServer, ClusterNetwork network) {

    /** The user processes run as: the image's root unless the security context says otherwise. */
    public record User(long uid, long gid, String name, String group) {
        public static final User ROOT = new User(0, 0, "root", "root");
    }

    public Container {
        environment = Map.copyOf(environment);
    }

    /** A container alone in its PID namespace, whose resolver reaches no name server and no network reaches. */
    public Container(String name, ContainerFilesystem filesystem, String hostname, User user,
                     Map<String, String> environment, String workingDir, ContainerLog log) {
        this(name, "", filesystem, hostname, user, environment, workingDir, log, new Processes(), NameServer.NONE,
                ClusterNetwork.NONE);
    }

    /** The same container with another environment, as a process started with it sees it. */
    public Container withEnvironment(Map<String, String> environment) {
        return new Container(name, image, filesystem, hostname, user, environment, workingDir, log, processes, nameServer,
                network);
    }
}
