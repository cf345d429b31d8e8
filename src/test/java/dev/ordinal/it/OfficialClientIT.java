package dev.ordinal.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official Kubernetes Java client (client-java) against the server. */
@ServerTest
@Timeout(60)
class OfficialClientIT {

    /** The tests' own ConfigMaps: every namespace also holds the cluster's root CA, as on a real cluster. */
    private static final String WITHOUT_ROOT_CA = "metadata.name!=kube-root-ca.crt";

    @LocalServerPort
    int port;

    private ApiClient client;
    private CoreV1Api core;
    private AppsV1Api apps;
    private String namespace;

    @BeforeEach
    void connect() throws ApiException {
        // No read timeout: a watch waits as long as the server keeps it open.
        client = new ClientBuilder().setBasePath(Clients.url(port)).setReadTimeout(Duration.ZERO).build();
        core = new CoreV1Api(client);
        apps = new AppsV1Api(client);
        namespace = Clients.uniqueName("official");
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace))).execute();
    }

    @Test
    void statefulSetIsCreatedReadReplacedPatchedAndDeleted() throws ApiException {
        V1StatefulSet created = apps.createNamespacedStatefulSet(namespace, statefulSet("web")).execute();
        assertThat(created.getMetadata().getUid()).isNotEmpty();
        assertThat(created.getSpec().getReplicas()).isEqualTo(1);

        V1StatefulSet read = apps.readNamespacedStatefulSet("web", namespace).execute();
        assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(read.getSpec().getServiceName()).isEqualTo("web");

        V1StatefulSet replaced = replaceLatest(() -> apps.readNamespacedStatefulSet("web", namespace).execute(),
                current -> {
                    current.getSpec().setReplicas(2);
                    return apps.replaceNamespacedStatefulSet("web", namespace, current).execute();
                });
        assertThat(replaced.getSpec().getReplicas()).isEqualTo(2);
        assertThat(replaced.getMetadata().getGeneration()).isEqualTo(2);

        V1StatefulSet patched = PatchUtils.patch(V1StatefulSet.class,
                () -> apps.patchNamespacedStatefulSet("web", namespace,
                        new V1Patch("{\"spec\":{\"replicas\":3},\"metadata\":{\"labels\":{\"tier\":\"front\"}}}"))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        assertThat(patched.getSpec().getReplicas()).isEqualTo(3);
        assertThat(patched.getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(patched.getSpec().getServiceName()).isEqualTo("web");

        V1Status deleted = apps.deleteNamespacedStatefulSet("web", namespace).execute();
        assertThat(deleted.getStatus()).isEqualTo("Success");
        assertThatThrownBy(() -> apps.readNamespacedStatefulSet("web", namespace).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    /**
     * Reads, changes and replaces with the resourceVersion read, which moves on. A 409 means the
     * statefulset controller wrote status in between: read again and retry, as client-go's
     * RetryOnConflict does.
     */
    private static <T> T replaceLatest(Read<T> read, Replace<T> replace) throws ApiException {
        for (int attempt = 1; ; attempt++) {
            T current = read.read();
            try {
                return replace.replace(current);
            } catch (ApiException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private interface Read<T> {
        T read() throws ApiException;
    }

    private interface Replace<T> {
        T replace(T current) throws ApiException;
    }

    @Test
    void configMapIsCreatedReadReplacedPatchedAndDeleted() throws ApiException {
        V1ConfigMap created = core.createNamespacedConfigMap(namespace, configMap("settings", "fast")).execute();
        assertThat(created.getData()).containsEntry("mode", "fast");

        V1ConfigMap read = core.readNamespacedConfigMap("settings", namespace).execute();
        assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        read.putDataItem("mode", "safe");
        V1ConfigMap replaced = core.replaceNamespacedConfigMap("settings", namespace, read).execute();
        assertThat(replaced.getData()).containsEntry("mode", "safe");

        V1ConfigMap patched = PatchUtils.patch(V1ConfigMap.class,
                () -> core.patchNamespacedConfigMap("settings", namespace,
                        new V1Patch("{\"data\":{\"retries\":\"3\"}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        assertThat(patched.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("mode", "safe", "retries", "3"));

        V1Status deleted = core.deleteNamespacedConfigMap("settings", namespace).execute();
        assertThat(deleted.getStatus()).isEqualTo("Success");
        assertThat(core.listNamespacedConfigMap(namespace).fieldSelector(WITHOUT_ROOT_CA).execute().getItems())
                .isEmpty();
    }

    @Test
    void watchReceivesTheEventsOfConfigMaps() throws ApiException, IOException {
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client,
                core.listNamespacedConfigMap(namespace).fieldSelector(WITHOUT_ROOT_CA).watch(true).timeoutSeconds(10)
                        .buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            core.createNamespacedConfigMap(namespace, configMap("watched", "fast")).execute();
            PatchUtils.patch(V1ConfigMap.class,
                    () -> core.patchNamespacedConfigMap("watched", namespace,
                            new V1Patch("{\"data\":{\"mode\":\"safe\"}}")).buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
            core.deleteNamespacedConfigMap("watched", namespace).execute();

            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3 && watch.hasNext(); i++) {
                Watch.Response<V1ConfigMap> event = watch.next();
                seen.add(event.type + " " + event.object.getMetadata().getName() + " "
                        + event.object.getData().get("mode"));
            }
            assertThat(seen).containsExactly("ADDED watched fast", "MODIFIED watched safe", "DELETED watched safe");
        }
    }

    @Test
    void missingObjectIsApiExceptionWithNotFoundStatus() {
        assertThatThrownBy(() -> core.readNamespacedConfigMap("x", namespace).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    V1Status status = client.getJSON().deserialize(e.getResponseBody(), V1Status.class);
                    assertThat(status.getKind()).isEqualTo("Status");
                    assertThat(status.getStatus()).isEqualTo("Failure");
                    assertThat(status.getReason()).isEqualTo("NotFound");
                    assertThat(status.getCode()).isEqualTo(404);
                    assertThat(status.getMessage()).isEqualTo("configmaps \"x\" not found");
                });
    }

    private static V1ConfigMap configMap(String name, String mode) {
        return new V1ConfigMap().metadata(new V1ObjectMeta().name(name)).putDataItem("mode", mode);
    }

    private static V1StatefulSet statefulSet(String name) {
        return new V1StatefulSet()
                .metadata(new V1ObjectMeta().name(name))
                .spec(new V1StatefulSetSpec()
                        .serviceName(name)
                        .replicas(1)
                        .selector(new V1LabelSelector().putMatchLabelsItem("app", name))
                        .template(new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta().putLabelsItem("app", name))
                                .spec(new V1PodSpec().addContainersItem(
                                        new V1Container().name(name).image("nginx:1.27")))));
    }
}
