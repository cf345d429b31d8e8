package dev.ordinal.bench;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The CRUD phases every server runs with the same load: create, get, list, label-selected list,
 * patch and delete of pods, on {@link Settings#threads()} client threads.
 */
final class ApiPhases {

    private final Settings settings;
    private final Load load;

    ApiPhases(Settings settings) {
        this.settings = settings;
        this.load = new Load(settings.threads());
    }

    List<Figure> run(Target target) {
        try (KubernetesClient client = target.client()) {
            warmUp(target, client);
            return measure(target, client, "bench");
        }
    }

    /** The same operations on a smaller scale first, so neither server is measured while the JIT compiles. */
    private void warmUp(Target target, KubernetesClient client) {
        String namespace = "warm-up";
        createNamespace(client, namespace);
        int count = settings.warmUp();
        load.run("warm-up", target.name(), count, i -> client.pods().inNamespace(namespace).resource(Pods.pod(i)).create());
        load.run("warm-up", target.name(), count, i -> client.pods().inNamespace(namespace).withName(Pods.name(i)).get());
        load.run("warm-up", target.name(), 50, i -> client.pods().inNamespace(namespace).list());
        load.run("warm-up", target.name(), count, i -> patch(client, namespace, i));
        load.run("warm-up", target.name(), count, i -> client.pods().inNamespace(namespace).withName(Pods.name(i)).delete());
    }

    private List<Figure> measure(Target target, KubernetesClient client, String namespace) {
        String server = target.name();
        int objects = settings.objects();
        int large = settings.largeObjects();
        createNamespace(client, namespace);
        List<Figure> figures = new ArrayList<>();
        figures.add(load.run("create", server, objects,
                i -> client.pods().inNamespace(namespace).resource(Pods.pod(i)).create()));
        figures.add(load.run("get", server, objects,
                i -> client.pods().inNamespace(namespace).withName(Pods.name(i)).get()));
        figures.add(load.run("list (%,d pods)".formatted(objects), server, settings.lists(),
                i -> expect(objects, client.pods().inNamespace(namespace).list().getItems().size())));
        figures.add(load.run("list -l shard=3 (%,d of %,d)".formatted(objects / Pods.SHARDS, objects), server,
                settings.selectedLists(), i -> expect(objects / Pods.SHARDS,
                        client.pods().inNamespace(namespace).withLabel("shard", "3").list().getItems().size())));
        figures.add(load.run("patch (merge)", server, objects, i -> patch(client, namespace, i)));
        load.run("fill", server, large - objects,
                i -> client.pods().inNamespace(namespace).resource(Pods.pod(objects + i)).create());
        figures.add(load.run("list (%,d pods)".formatted(large), server, settings.largeLists(),
                i -> expect(large, client.pods().inNamespace(namespace).list().getItems().size())));
        figures.add(load.run("delete", server, objects,
                i -> client.pods().inNamespace(namespace).withName(Pods.name(i)).delete()));
        return figures;
    }

    private static Pod patch(KubernetesClient client, String namespace, int i) {
        return client.pods().inNamespace(namespace).withName(Pods.name(i)).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"bench/patched\":\"" + i + "\"}}}");
    }

    static void createNamespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    private static void expect(int expected, int actual) {
        if (expected != actual) {
            throw new IllegalStateException("listed " + actual + " pods, expected " + expected);
        }
    }
}
