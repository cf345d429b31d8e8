package dev.ordinal.controller.gc;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ordinal.controller.gc.DependencyGraph.Node;
import dev.ordinal.machinery.GroupResource;

import static org.assertj.core.api.Assertions.assertThat;

class DependencyGraphTest {

    private static final OwnerReference WEB = new OwnerReference("apps/v1", "StatefulSet", "web", "uid-web", true);
    private static final OwnerReference CONFIG = new OwnerReference("v1", "ConfigMap", "config", "uid-config", false);

    private final DependencyGraph graph = new DependencyGraph();

    @Test
    void indexesDependentsByOwnerUidEvenWhenTheOwnerIsUnknown() {
        Node pod = pod("web-0", List.of(WEB, CONFIG));
        graph.put(pod);
        assertThat(graph.dependents("uid-web")).containsExactly(pod);
        assertThat(graph.dependents("uid-config")).containsExactly(pod);
        assertThat(graph.node("uid-web")).isEmpty();
    }

    @Test
    void followsChangedOwnerReferences() {
        graph.put(pod("web-0", List.of(WEB, CONFIG)));
        Node orphaned = pod("web-0", List.of(CONFIG));
        assertThat(graph.put(orphaned)).map(Node::owners).contains(List.of(WEB, CONFIG));
        assertThat(graph.dependents("uid-web")).isEmpty();
        assertThat(graph.dependents("uid-config")).containsExactly(orphaned);
    }

    @Test
    void forgetsRemovedObjects() {
        graph.put(pod("web-0", List.of(WEB)));
        graph.put(pod("web-1", List.of(WEB)));
        graph.remove("uid-web-0");
        assertThat(graph.dependents("uid-web")).extracting(Node::uid).containsExactly("uid-web-1");
        assertThat(graph.node("uid-web-0")).isEmpty();
    }

    @Test
    void keysRoundTrip() {
        ObjectRef ref = new ObjectRef(new GroupResource("apps", "statefulsets"), "default", "web");
        assertThat(ObjectRef.parse(ref.key())).isEqualTo(ref);
        ObjectRef clusterScoped = new ObjectRef(new GroupResource("", "persistentvolumes"), "", "pv-1");
        assertThat(ObjectRef.parse(clusterScoped.key())).isEqualTo(clusterScoped);
    }

    private static Node pod(String name, List<OwnerReference> owners) {
        return new Node(new ObjectRef(new GroupResource("", "pods"), "default", name), "uid-" + name, owners, false);
    }
}
