package dev.ordinal.registry.apps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

class StatefulSetDefaultsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final StatefulSetStrategy strategy = new StatefulSetStrategy(JSON);

    /** The basic-stateful-set tutorial's "web", as a v1.32 server stores and returns it. */
    @Test
    void createsTheObjectARealServerReturns() {
        Unstructured web = created("""
                {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
                 "spec": {"selector": {"matchLabels": {"app": "nginx"}}, "serviceName": "nginx", "replicas": 2,
                  "template": {"metadata": {"labels": {"app": "nginx"}},
                   "spec": {"containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24",
                     "ports": [{"containerPort": 80, "name": "web"}],
                     "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
                  "volumeClaimTemplates": [{"metadata": {"name": "www"},
                   "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}}
                """);

        assertThat(web.json().get("spec")).isEqualTo(json("""
                {"replicas": 2, "selector": {"matchLabels": {"app": "nginx"}}, "serviceName": "nginx",
                 "podManagementPolicy": "OrderedReady",
                 "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                 "revisionHistoryLimit": 10,
                 "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
                 "template": {"metadata": {"creationTimestamp": null, "labels": {"app": "nginx"}},
                  "spec": {"containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24",
                    "imagePullPolicy": "IfNotPresent",
                    "ports": [{"containerPort": 80, "name": "web", "protocol": "TCP"}],
                    "resources": {},
                    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                    "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}],
                   "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
                   "securityContext": {}, "terminationGracePeriodSeconds": 30}},
                 "volumeClaimTemplates": [{"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                  "metadata": {"creationTimestamp": null, "name": "www"},
                  "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                   "volumeMode": "Filesystem"},
                  "status": {"phase": "Pending"}}]}
                """));
        assertThat(web.json().get("status")).isEqualTo(json("""
                {"replicas": 0, "availableReplicas": 0}
                """));
    }

    @Test
    void discardsTheStatusOfANewSet() {
        Unstructured web = created("""
                {"spec": {}, "status": {"replicas": 3, "readyReplicas": 3, "currentRevision": "web-1"}}
                """);

        assertThat(web.json().get("status")).isEqualTo(json("""
                {"replicas": 0, "availableReplicas": 0}
                """));
    }

    @Test
    void keepsWhatTheClientSet() {
        Unstructured web = created("""
                {"spec": {"replicas": 0, "podManagementPolicy": "Parallel", "revisionHistoryLimit": 3,
                  "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}},
                  "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Delete"},
                  "template": {"spec": {"restartPolicy": "Never", "terminationGracePeriodSeconds": 0,
                   "securityContext": {"runAsUser": 1000}, "dnsPolicy": "Default"}}}}
                """);

        JsonNode spec = web.json().get("spec");
        assertThat(spec.get("replicas").asInt()).isZero();
        assertThat(spec.get("podManagementPolicy").asString()).isEqualTo("Parallel");
        assertThat(spec.get("revisionHistoryLimit").asInt()).isEqualTo(3);
        assertThat(spec.get("updateStrategy")).isEqualTo(json("""
                {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}}
                """));
        assertThat(spec.get("persistentVolumeClaimRetentionPolicy")).isEqualTo(json("""
                {"whenDeleted": "Delete", "whenScaled": "Retain"}
                """));
        assertThat(spec.at("/template/spec")).isEqualTo(json("""
                {"restartPolicy": "Never", "terminationGracePeriodSeconds": 0, "securityContext": {"runAsUser": 1000},
                 "dnsPolicy": "Default", "schedulerName": "default-scheduler"}
                """));
    }

    /** Go decodes "" into a plain string field the same as no value at all. */
    @Test
    void defaultsEmptyStringsAndNulls() {
        Unstructured web = created("""
                {"spec": {"replicas": null, "podManagementPolicy": "", "updateStrategy": {"type": ""},
                  "template": {"spec": {"restartPolicy": "", "securityContext": null}}}}
                """);

        JsonNode spec = web.json().get("spec");
        assertThat(spec.get("replicas").asInt()).isEqualTo(1);
        assertThat(spec.get("podManagementPolicy").asString()).isEqualTo("OrderedReady");
        assertThat(spec.get("updateStrategy")).isEqualTo(json("""
                {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
                """));
        assertThat(spec.at("/template/spec/restartPolicy").asString()).isEqualTo("Always");
        assertThat(spec.at("/template/spec/securityContext")).isEqualTo(json("{}"));
    }

    /** serviceName has no omitempty in v1.32, so a set without one shows it empty. */
    @Test
    void writesAnUnsetServiceNameEmpty() {
        assertThat(created("{\"spec\": {}}").json().at("/spec/serviceName")).isEqualTo(json("\"\""));
    }

    /** Only an unset type brings a rollingUpdate block; a named RollingUpdate without one gets no partition. */
    @Test
    void defaultsThePartitionOnlyOfAGivenOrDefaultedRollingUpdateBlock() {
        assertThat(created("""
                {"spec": {"updateStrategy": {"type": "RollingUpdate"}}}
                """).json().at("/spec/updateStrategy")).isEqualTo(json("""
                {"type": "RollingUpdate"}
                """));
        assertThat(created("""
                {"spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {}}}}
                """).json().at("/spec/updateStrategy")).isEqualTo(json("""
                {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
                """));
        assertThat(created("""
                {"spec": {"updateStrategy": {"type": "OnDelete"}}}
                """).json().at("/spec/updateStrategy")).isEqualTo(json("""
                {"type": "OnDelete"}
                """));
    }

    /** MaxUnavailableStatefulSet is off in v1.32: the field is neither defaulted nor kept. */
    @Test
    void dropsMaxUnavailable() {
        Unstructured web = created("""
                {"spec": {"updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 2}}}}
                """);

        assertThat(web.json().at("/spec/updateStrategy")).isEqualTo(json("""
                {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
                """));
    }

    @Test
    void dropsMaxUnavailableOnUpdate() {
        Unstructured old = created("{\"spec\": {}}");
        Unstructured update = object("""
                {"spec": {"updateStrategy": {"rollingUpdate": {"maxUnavailable": "50%"}}}}
                """);
        strategy.applyDefaults(update);
        strategy.prepareForUpdate(update, old);

        assertThat(update.json().at("/spec/updateStrategy")).isEqualTo(json("""
                {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
                """));
    }

    /** The apps/v1 conversion writes apiVersion and kind onto every claim template, whatever was sent. */
    @Test
    void claimTemplatesAreV1PersistentVolumeClaims() {
        Unstructured web = created("""
                {"spec": {"volumeClaimTemplates": [
                  {"apiVersion": "v2", "metadata": {"name": "data"},
                   "spec": {"volumeMode": "Block", "storageClassName": "fast"}, "status": {"phase": "Bound"}}]}}
                """);

        assertThat(web.json().at("/spec/volumeClaimTemplates/0")).isEqualTo(json("""
                {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                 "metadata": {"name": "data", "creationTimestamp": null},
                 "spec": {"volumeMode": "Block", "storageClassName": "fast", "resources": {}},
                 "status": {"phase": "Bound"}}
                """));
    }

    @Test
    void defaultingTwiceChangesNothing() {
        Unstructured web = created("""
                {"spec": {"selector": {"matchLabels": {"app": "nginx"}},
                  "template": {"metadata": {"labels": {"app": "nginx"}},
                   "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
                """);
        Unstructured again = web.deepCopy();
        strategy.applyDefaults(again);

        assertThat(again).isEqualTo(web);
    }

    private Unstructured created(String body) {
        Unstructured statefulSet = object(body);
        strategy.applyDefaults(statefulSet);
        strategy.prepareForCreate(statefulSet);
        return statefulSet;
    }

    private static Unstructured object(String body) {
        return new Unstructured((ObjectNode) json(body));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
