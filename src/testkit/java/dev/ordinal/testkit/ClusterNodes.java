package dev.ordinal.testkit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Faults of the simulated nodes' kubelets ({@code /ordinal/v1/nodes}), set at run time and kept on
 * the node as its {@code ordinal.dev/not-ready} or {@code ordinal.dev/unreachable} annotation, so
 * they are reset and restored with the node.
 */
public final class ClusterNodes {

    private final ApiConnection api;

    ClusterNodes(ApiConnection api) {
        this.api = api;
    }

    /**
     * The node's kubelet keeps renewing its Lease but reports Ready=False; the node is tainted
     * {@code node.kubernetes.io/not-ready}.
     */
    public void notReady(String node) {
        set(node, "not-ready");
    }

    /**
     * The node's kubelet falls silent: after the node-monitor grace period (50s on the simulated
     * clock) the node is tainted {@code node.kubernetes.io/unreachable} and its pods are not Ready;
     * pods are deleted after their tolerationSeconds (300 by default) and stay Terminating until
     * force-deleted or the node is healthy again.
     */
    public void unreachable(String node) {
        set(node, "unreachable");
    }

    /** The node's kubelet reports again: the taints go and the deletions it could not confirm finish. */
    public void healthy(String node) {
        set(node, "healthy");
    }

    /** {@code healthy}, {@code not-ready} or {@code unreachable}. */
    public String fault(String node) {
        return Json.member(Json.parse(api.get(path(node) + "/fault")), "fault");
    }

    private void set(String node, String fault) {
        api.post(path(node) + "/" + fault, "");
    }

    private static String path(String node) {
        return "/ordinal/v1/nodes/" + URLEncoder.encode(node, StandardCharsets.UTF_8);
    }
}
