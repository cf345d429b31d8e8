package dev.ordinal.controller.statefulset;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.go.GoJson;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerRevisionsTest {

    /** A StatefulSet as a v1.24 cluster stored it, whose first revision was named nginx-sts-6798d68dcd. */
    private static final String NGINX_STS = """
            {"apiVersion":"apps/v1","kind":"StatefulSet",
             "metadata":{"name":"nginx-sts","namespace":"default","uid":"f5cc619c-364a-4099-b144-8783d6274713"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"nginx-sts"}},"serviceName":"nginx-sts",
              "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"nginx-sts"}},
               "spec":{"containers":[{"image":"nginx","imagePullPolicy":"Always","name":"nginx","resources":{},
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],
                "dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler",
                "securityContext":{},"terminationGracePeriodSeconds":30}}}}
            """;

    private static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree(json));
    }

    @Test
    void theHashIsUpstreamsForTheSameTemplate() {
        Unstructured revision = ControllerRevisions.newRevision(object(NGINX_STS), 1, 0);

        assertThat(revision.name()).isEqualTo("nginx-sts-6798d68dcd");
        assertThat(revision.labels()).containsEntry(ControllerRevisions.HASH_LABEL, "6798d68dcd")
                .containsEntry("app", "nginx-sts");
        assertThat(ControllerRevisions.revisionNumber(revision)).isEqualTo(1);
    }

    @Test
    void theCollisionCountChangesTheHash() {
        Unstructured set = object(NGINX_STS);
        Unstructured revision = ControllerRevisions.newRevision(set, 1, 0);

        assertThat(ControllerRevisions.hash(revision, 1)).isNotEqualTo("6798d68dcd").matches("[4-9bcdf]{1,10}");
        assertThat(ControllerRevisions.newRevision(set, 1, 1).name()).isEqualTo(
                "nginx-sts-" + ControllerRevisions.hash(revision, 1));
    }

    @Test
    void revisionsCopyTheSetsAnnotations() {
        Unstructured set = object(NGINX_STS);
        set.metadata().putObject("annotations").put("kubernetes.io/change-cause", "v2");

        Unstructured revision = ControllerRevisions.newRevision(set, 2, 0);

        assertThat(revision.annotations()).containsEntry("kubernetes.io/change-cause", "v2");
        assertThat(revision.name()).as("annotations are not part of the data").isEqualTo("nginx-sts-6798d68dcd");
    }

    @Test
    void applyingARevisionRestoresItsTemplate() {
        Unstructured set = object(NGINX_STS);
        Unstructured revision = ControllerRevisions.newRevision(set, 1, 0);
        Unstructured changed = set.deepCopy();
        ((ObjectNode) changed.at("spec.template.spec.containers").get(0)).put("image", "nginx:1.26");

        Unstructured restored = ControllerRevisions.applyRevision(changed, revision);

        assertThat(restored.at("spec.template")).isEqualTo(set.at("spec.template"));
        assertThat(restored.at("spec.template").has("$patch")).isFalse();
    }

    @Test
    void revisionsWithTheSameDataAreEqualWhateverTheirNumber() {
        Unstructured set = object(NGINX_STS);
        Unstructured first = ControllerRevisions.newRevision(set, 1, 0);
        Unstructured later = ControllerRevisions.newRevision(set, 7, 0);
        Unstructured other = set.deepCopy();
        ((ObjectNode) other.at("spec.template.spec.containers").get(0)).put("image", "nginx:1.26");

        assertThat(ControllerRevisions.equal(first, later)).isTrue();
        assertThat(ControllerRevisions.equal(first, ControllerRevisions.newRevision(other, 1, 0))).isFalse();
    }

    @Test
    void goEncodingSortsKeysAndEscapesHtml() {
        ObjectNode node = (ObjectNode) JsonMapper.shared().readTree(
                "{\"b\":[1,2.5,true,null],\"a\":{\"z\":\"<x> & \\\"y\\\"\\n\",\"Z\":\"\\u2028\"}}");

        assertThat(GoJson.write(node)).isEqualTo(
                "{\"a\":{\"Z\":\"\\u2028\",\"z\":\"\\u003cx\\u003e \\u0026 \\\"y\\\"\\n\"},\"b\":[1,2.5,true,null]}");
    }
}
