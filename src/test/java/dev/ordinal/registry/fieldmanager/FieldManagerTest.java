package dev.ordinal.registry.fieldmanager;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.ObjectSubresource;

import static dev.ordinal.registry.fieldmanager.SchemaSlice.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** managedFields as a v1.32 API server keeps them, through creates, updates, status writes and applies. */
class FieldManagerTest {

    private static final ResourceDefinition STATEFUL_SETS = ResourceDefinition
            .builder("apps", "v1", "StatefulSet", "statefulsets")
            .subresource("status", ObjectSubresource.STATUS).build();
    private static final MergeTypes SCHEMAS = (group, version, kind) ->
            kind.equals("StatefulSet") ? Optional.of(SchemaSlice.STATEFUL_SET) : Optional.empty();
    private static final String MANIFEST = """
            {"apiVersion": "apps/v1", "kind": "StatefulSet",
             "metadata": {"name": "web", "namespace": "default", "labels": {"app": "nginx"}},
             "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "nginx"}}, "serviceName": "nginx",
               "template": {"metadata": {"labels": {"app": "nginx"}},
                 "spec": {"containers": [{"name": "nginx", "image": "nginx-slim:0.24"}]}}}}""";

    private Instant now = Instant.parse("2024-05-01T12:00:00Z");
    private final FieldManager manager = new FieldManager(SCHEMAS, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    private Unstructured created(String writer) {
        Unstructured object = new Unstructured(json(MANIFEST));
        manager.update(STATEFUL_SETS, null, object, null, writer);
        object.setMeta("uid", "1").setMeta("resourceVersion", "1");
        return object;
    }

    private static Unstructured edited(Unstructured live, String pointer, int value) {
        Unstructured copy = live.deepCopy();
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        copy.json().withObject(parent).put(pointer.substring(pointer.lastIndexOf('/') + 1), value);
        return copy;
    }

    @Test
    void aCreateRecordsWhatItSetUnderItsManagerAsAClusterDoes() {
        Unstructured object = created("kubectl-create");
        assertThat(object.metadata().get("managedFields").toString()).isEqualTo("""
                [{"manager":"kubectl-create","operation":"Update","apiVersion":"apps/v1",\
                "time":"2024-05-01T12:00:00Z","fieldsType":"FieldsV1","fieldsV1":{\
                "f:metadata":{"f:labels":{".":{},"f:app":{}}},\
                "f:spec":{"f:replicas":{},"f:selector":{},"f:serviceName":{},"f:template":{\
                "f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{\
                "k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}}}}}}}]""");
    }

    @Test
    void writesFromTheServersOwnControllersAreKubeControllerManagers() {
        Unstructured object = created("");
        assertThat(object.metadata().at("/managedFields/0/manager").asString()).isEqualTo("kube-controller-manager");
    }

    @Test
    void anUpdateTakesTheFieldsItChangedAndStatusWritesNameTheirSubresource() {
        Unstructured live = created("kubectl-create");
        now = now.plusSeconds(60);
        Unstructured scaled = edited(live, "/spec/replicas", 5);
        manager.update(STATEFUL_SETS, live, scaled, Subresource.SCALE, "kubectl");
        Unstructured status = edited(scaled, "/status/replicas", 5);
        manager.update(STATEFUL_SETS, scaled, status, Subresource.STATUS, "");

        assertThat(status.metadata().get("managedFields").toString()).isEqualTo("""
                [{"manager":"kubectl-create","operation":"Update","apiVersion":"apps/v1",\
                "time":"2024-05-01T12:00:00Z","fieldsType":"FieldsV1","fieldsV1":{\
                "f:metadata":{"f:labels":{".":{},"f:app":{}}},\
                "f:spec":{"f:selector":{},"f:serviceName":{},"f:template":{\
                "f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{\
                "k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}}}}}}},\
                {"manager":"kube-controller-manager","operation":"Update","apiVersion":"apps/v1",\
                "time":"2024-05-01T12:01:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:replicas":{}}},\
                "subresource":"status"},\
                {"manager":"kubectl","operation":"Update","apiVersion":"apps/v1",\
                "time":"2024-05-01T12:01:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}},\
                "subresource":"scale"}]""");
    }

    @Test
    void aWriteThatChangesNothingKeepsTheStoredTimes() {
        Unstructured live = created("kubectl-create");
        now = now.plusSeconds(60);
        Unstructured same = live.deepCopy();
        manager.update(STATEFUL_SETS, live, same, null, "kubectl-create");
        assertThat(same).isEqualTo(live);
    }

    @Test
    void managedFieldsSentWithAnUpdateReplaceTheLiveOnesAndAnEmptyListResetsThem() {
        Unstructured live = created("kubectl-create");
        Unstructured reset = edited(live, "/spec/replicas", 3);
        reset.metadata().putArray("managedFields");
        manager.update(STATEFUL_SETS, live, reset, null, "kubectl-edit");
        assertThat(reset.metadata().get("managedFields")).hasSize(1);
        assertThat(reset.metadata().at("/managedFields/0/manager").asString()).isEqualTo("kubectl-edit");
        assertThat(reset.metadata().at("/managedFields/0/fieldsV1").toString())
                .isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
    }

    @Test
    void applyCreatesWithAnApplyEntryAndConflictsAsUpstream() {
        Unstructured object = manager.apply(STATEFUL_SETS, null, new Unstructured(json(MANIFEST)), null,
                "kubectl", false);
        assertThat(object.metadata().at("/managedFields/0/operation").asString()).isEqualTo("Apply");
        assertThat(object.metadata().at("/managedFields/0/fieldsV1/f:metadata").toString())
                .isEqualTo("{\"f:labels\":{\"f:app\":{}}}");
        object.setMeta("uid", "1");

        Unstructured scaled = edited(object, "/spec/replicas", 5);
        manager.update(STATEFUL_SETS, object, scaled, null, "kubectl-client-side-apply");
        StatusError conflict = catchThrowableOfType(StatusError.class, () -> manager.apply(STATEFUL_SETS, scaled,
                new Unstructured(json(MANIFEST)), null, "kubectl", false));
        assertThat(conflict.code()).isEqualTo(409);
        assertThat(conflict.toStatus().toString()).isEqualTo("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
                "message":"Apply failed with 1 conflict: conflict with \\"kubectl-client-side-apply\\" using apps/v1: \
                .spec.replicas","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict",\
                "message":"conflict with \\"kubectl-client-side-apply\\" using apps/v1","field":".spec.replicas"}]},\
                "code":409}""");

        Unstructured forced = manager.apply(STATEFUL_SETS, scaled, new Unstructured(json(MANIFEST)), null,
                "kubectl", true);
        assertThat(forced.json().at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(forced.metadata().get("managedFields")).hasSize(1);
    }

    @Test
    void kubectlTakesOverWhatItsClientSideApplySetUnchanged() {
        String lastApplied = "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"web\","
                + "\"namespace\":\"default\"},\"spec\":{\"replicas\":2}}\n";
        Unstructured object = new Unstructured(json(MANIFEST));
        object.metadata().putObject("annotations").put("kubectl.kubernetes.io/last-applied-configuration",
                lastApplied);
        manager.update(STATEFUL_SETS, null, object, null, "kubectl-client-side-apply");
        object.setMeta("uid", "1");
        String config = """
                {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web", "namespace": "default"},
                 "spec": {"replicas": 3}}""";

        StatusError other = catchThrowableOfType(StatusError.class, () -> manager.apply(STATEFUL_SETS, object,
                new Unstructured(json(config)), null, "other", false));
        assertThat(other.code()).isEqualTo(409);

        Unstructured applied = manager.apply(STATEFUL_SETS, object, new Unstructured(json(config)), null,
                "kubectl", false);
        assertThat(applied.json().at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(applied.annotations().get("kubectl.kubernetes.io/last-applied-configuration")).isEqualTo(
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"web\","
                        + "\"namespace\":\"default\"},\"spec\":{\"replicas\":3}}\n");
    }

    @Test
    void anAppliedFieldTheSchemaDoesNotDeclareIsABadRequestWithUpstreamsWording() {
        StatusError error = catchThrowableOfType(StatusError.class, () -> manager.apply(STATEFUL_SETS, null,
                new Unstructured(json("""
                        {"apiVersion": "apps/v1", "kind": "StatefulSet",
                         "metadata": {"name": "web", "namespace": "ns"}, "spec": {"bogusField": 1}}""")),
                null, "kubectl", false));
        assertThat(error.code()).isEqualTo(400);
        assertThat(error.getMessage()).isEqualTo("failed to create typed patch object (ns/web; apps/v1, "
                + "Kind=StatefulSet): .spec.bogusField: field not declared in schema");
    }

    @Test
    void anApplyOfAnotherKindIsRejected() {
        StatusError error = catchThrowableOfType(StatusError.class, () -> manager.apply(STATEFUL_SETS, null,
                new Unstructured(json("{\"apiVersion\": \"v1\", \"kind\": \"Pod\"}")), null, "kubectl", false));
        assertThat(error.getMessage()).isEqualTo("invalid object type: /v1, Kind=Pod");
    }

    @Test
    void theUserAgentNamesTheManagerWhenTheRequestDoesNot() {
        assertThat(FieldManager.managerOrUserAgent("", "kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd"))
                .isEqualTo("kubectl");
        assertThat(FieldManager.managerOrUserAgent("", "Go-http-client/1.1")).isEqualTo("Go-http-client");
        assertThat(FieldManager.managerOrUserAgent("kubectl-edit", "kubectl/v1.32.4")).isEqualTo("kubectl-edit");
        assertThat(FieldManager.managerOrUserAgent("", null)).isEqualTo("unknown");
    }
}
