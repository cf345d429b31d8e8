package dev.ordinal.registry.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CoreV1DefaultsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    /** Upstream pulls always what names the {@code latest} tag, explicitly or by naming no tag and no digest. */
    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            nginx                                | Always
            nginx:latest                         | Always
            library/nginx                        | Always
            docker.io/library/nginx:latest       | Always
            registry.k8s.io/nginx-slim:0.24      | IfNotPresent
            localhost:5000/team/app              | Always
            localhost/app:v1                     | IfNotPresent
            [fd00::1]:5000/app                   | Always
            nginx:1.27.0                         | IfNotPresent
            nginx@DIGEST                         | IfNotPresent
            nginx:latest@DIGEST                  | Always
            nginx:latest@sha256:abc              | IfNotPresent
            nginx:latest@md5:0123456789abcdef0123456789abcdef | IfNotPresent
            Nginx                                | IfNotPresent
            nginx:Latest                         | IfNotPresent
            MyRegistry.io/nginx                  | Always
            nginx:                               | IfNotPresent
            ''                                   | IfNotPresent
            """)
    void pullPolicyFollowsTheImageTag(String image, String policy) {
        ObjectNode container = containerWith(image.replace("DIGEST", DIGEST));

        assertThat(container.get("imagePullPolicy").asString()).isEqualTo(policy);
    }

    @Test
    void anImageOfSixtyFourHexDigitsIsNoReference() {
        assertThat(containerWith("0123456789abcdef".repeat(4)).get("imagePullPolicy").asString())
                .isEqualTo("IfNotPresent");
    }

    @Test
    void keepsAGivenPullPolicy() {
        ObjectNode spec = podSpec("""
                {"containers": [{"name": "c", "image": "nginx", "imagePullPolicy": "Never"}]}
                """);

        assertThat(spec.at("/containers/0/imagePullPolicy").asString()).isEqualTo("Never");
    }

    @Test
    void defaultsEveryKindOfContainer() {
        ObjectNode spec = podSpec("""
                {"initContainers": [{"name": "init", "image": "busybox:1.36", "ports": [{"containerPort": 1}]}],
                 "containers": [{"name": "c", "image": "nginx"}],
                 "ephemeralContainers": [{"name": "debug", "image": "busybox"}]}
                """);

        for (String pointer : new String[] {"/initContainers/0", "/containers/0", "/ephemeralContainers/0"}) {
            assertThat(spec.at(pointer + "/terminationMessagePath").asString()).isEqualTo("/dev/termination-log");
            assertThat(spec.at(pointer + "/terminationMessagePolicy").asString()).isEqualTo("File");
            assertThat(spec.at(pointer + "/resources")).isEqualTo(json("{}"));
        }
        assertThat(spec.at("/initContainers/0/ports/0")).isEqualTo(json("""
                {"containerPort": 1, "protocol": "TCP"}
                """));
    }

    @Test
    void defaultsProbesAndHooks() {
        ObjectNode spec = podSpec("""
                {"containers": [{"name": "c", "image": "nginx",
                  "livenessProbe": {"httpGet": {"port": 8080}, "periodSeconds": 0},
                  "readinessProbe": {"tcpSocket": {"port": "http"}, "failureThreshold": 5},
                  "startupProbe": {"grpc": {"port": 9090}},
                  "lifecycle": {"preStop": {"httpGet": {"port": 80, "path": "/stop"}}}}]}
                """);

        assertThat(spec.at("/containers/0/livenessProbe")).isEqualTo(json("""
                {"httpGet": {"port": 8080, "path": "/", "scheme": "HTTP"},
                 "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
                """));
        assertThat(spec.at("/containers/0/readinessProbe")).isEqualTo(json("""
                {"tcpSocket": {"port": "http"},
                 "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 5}
                """));
        assertThat(spec.at("/containers/0/startupProbe/grpc")).isEqualTo(json("""
                {"port": 9090, "service": ""}
                """));
        assertThat(spec.at("/containers/0/lifecycle/preStop/httpGet")).isEqualTo(json("""
                {"port": 80, "path": "/stop", "scheme": "HTTP"}
                """));
    }

    @Test
    void defaultsFieldReferences() {
        ObjectNode spec = podSpec("""
                {"containers": [{"name": "c", "image": "nginx",
                  "env": [{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                          {"name": "PLAIN", "value": "x"}]}]}
                """);

        assertThat(spec.at("/containers/0/env")).isEqualTo(json("""
                [{"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name", "apiVersion": "v1"}}},
                 {"name": "PLAIN", "value": "x"}]
                """));
    }

    @Test
    void defaultsVolumes() {
        ObjectNode spec = podSpec("""
                {"volumes": [
                  {"name": "scratch"},
                  {"name": "config", "configMap": {"name": "app"}},
                  {"name": "secret", "secret": {"secretName": "app", "defaultMode": 256}},
                  {"name": "host", "hostPath": {"path": "/var/log"}},
                  {"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}},
                  {"name": "token", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}},
                    {"downwardAPI": {"items": [{"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}}]}},
                  {"name": "claim", "persistentVolumeClaim": {"claimName": "data"}},
                  {"name": "inline", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}}}]}
                """);

        assertThat(spec.get("volumes")).isEqualTo(json("""
                [{"name": "scratch", "emptyDir": {}},
                 {"name": "config", "configMap": {"name": "app", "defaultMode": 420}},
                 {"name": "secret", "secret": {"secretName": "app", "defaultMode": 256}},
                 {"name": "host", "hostPath": {"path": "/var/log", "type": ""}},
                 {"name": "info", "downwardAPI": {"defaultMode": 420,
                   "items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels", "apiVersion": "v1"}}]}},
                 {"name": "token", "projected": {"defaultMode": 420, "sources": [
                   {"serviceAccountToken": {"path": "token", "expirationSeconds": 3600}},
                   {"downwardAPI": {"items": [{"path": "name",
                     "fieldRef": {"fieldPath": "metadata.name", "apiVersion": "v1"}}]}}]}},
                 {"name": "claim", "persistentVolumeClaim": {"claimName": "data"}},
                 {"name": "inline", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"],
                   "volumeMode": "Filesystem", "resources": {}}}}}]
                """));
    }

    @Test
    void defaultsLegacyVolumeSources() {
        ObjectNode spec = podSpec("""
                {"volumes": [
                  {"name": "a", "iscsi": {"targetPortal": "10.0.0.1:3260", "iqn": "iqn.x", "lun": 0}},
                  {"name": "b", "rbd": {"monitors": ["10.0.0.1"], "image": "foo"}},
                  {"name": "c", "azureDisk": {"diskName": "d", "diskURI": "u"}},
                  {"name": "d", "scaleIO": {"gateway": "g", "system": "s", "secretRef": {"name": "x"}}}]}
                """);

        assertThat(spec.at("/volumes/0/iscsi/iscsiInterface").asString()).isEqualTo("default");
        assertThat(spec.at("/volumes/1/rbd")).isEqualTo(json("""
                {"monitors": ["10.0.0.1"], "image": "foo", "pool": "rbd", "user": "admin", "keyring": "/etc/ceph/keyring"}
                """));
        assertThat(spec.at("/volumes/2/azureDisk")).isEqualTo(json("""
                {"diskName": "d", "diskURI": "u", "cachingMode": "ReadWrite", "kind": "Shared", "fsType": "ext4",
                 "readOnly": false}
                """));
        assertThat(spec.at("/volumes/3/scaleIO/storageMode").asString()).isEqualTo("ThinProvisioned");
        assertThat(spec.at("/volumes/3/scaleIO/fsType").asString()).isEqualTo("xfs");
    }

    @Test
    void claimDefaults() {
        ObjectNode claim = (ObjectNode) json("""
                {"metadata": {"name": "www-web-0"}, "spec": {"accessModes": ["ReadWriteOnce"]}}
                """);
        CoreV1Defaults.applyToPersistentVolumeClaim(claim);

        assertThat(claim).isEqualTo(json("""
                {"metadata": {"name": "www-web-0"},
                 "spec": {"accessModes": ["ReadWriteOnce"], "volumeMode": "Filesystem", "resources": {}},
                 "status": {"phase": "Pending"}}
                """));
    }

    @Test
    void ignoresWhatIsNotAnObject() {
        ObjectNode spec = podSpec("""
                {"containers": ["nginx", {"name": "c", "image": "nginx", "livenessProbe": "none"}], "volumes": 3}
                """);

        assertThat(spec.at("/containers/0").asString()).isEqualTo("nginx");
        assertThat(spec.at("/containers/1/livenessProbe").asString()).isEqualTo("none");
        assertThat(spec.get("volumes").asInt()).isEqualTo(3);
    }

    private static ObjectNode containerWith(String image) {
        ObjectNode container = JSON.createObjectNode().put("name", "c").put("image", image);
        ObjectNode spec = JSON.createObjectNode();
        spec.putArray("containers").add(container);
        CoreV1Defaults.applyToPodSpec(spec);
        return container;
    }

    private static ObjectNode podSpec(String text) {
        ObjectNode spec = (ObjectNode) json(text);
        CoreV1Defaults.applyToPodSpec(spec);
        return spec;
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
