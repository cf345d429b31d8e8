package dev.ordinal.registry.fieldmanager;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.ordinal.registry.fieldmanager.SchemaSlice.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Merging by the schema, ownership moves, removal of dropped fields, conflicts and force. */
class FieldOwnershipTest {

    private static final FieldOwnership STS = new FieldOwnership(SchemaSlice.STATEFUL_SET, "apps/v1",
            FieldSet.of(FieldPath.fields("status")));
    private static final FieldOwnership WIDGET = new FieldOwnership(SchemaSlice.WIDGET, "v1", new FieldSet());
    private static final Manager APPLIER = Manager.apply("kubectl", "");
    private static final Manager OTHER = Manager.apply("other", "");
    private static final Manager SCALER = Manager.update("kubectl", "apps/v1", "scale");

    private Map<Manager, VersionedSet> owners = new LinkedHashMap<>();
    private JsonNode live = json("{}");

    private JsonNode apply(FieldOwnership ownership, Manager manager, String config, boolean force) {
        FieldOwnership.Applied applied = ownership.apply(live, json(config), owners, manager, force);
        owners = applied.managers();
        if (applied.object() != null) {
            live = applied.object();
        }
        return live;
    }

    private JsonNode apply(String config) {
        return apply(STS, APPLIER, config, false);
    }

    private static String sts(String spec) {
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"web\"},\"spec\":"
                + spec + "}";
    }

    private static final String CONTAINERS = """
            {"replicas": 2, "template": {"spec": {"containers": [
              {"name": "nginx", "image": "nginx:1", "ports": [{"containerPort": 80}, {"containerPort": 443}]},
              {"name": "sidecar", "image": "busybox", "args": ["a", "b"]}]}}}""";

    @Test
    void associativeListsMergeItemByItemWithKeyDefaults() {
        apply(sts(CONTAINERS));
        // Another applier adds a container and a port (its key's protocol defaults to TCP, the same item).
        JsonNode merged = apply(STS, OTHER, sts("""
                {"template": {"spec": {"containers": [
                  {"name": "nginx", "ports": [{"containerPort": 80, "protocol": "TCP", "name": "http"}]},
                  {"name": "extra", "image": "x"}]}}}"""), false);
        JsonNode containers = merged.at("/spec/template/spec/containers");
        assertThat(containers).extracting(c -> c.path("name").asString()).containsExactly("nginx", "sidecar", "extra");
        assertThat(containers.get(0).path("image").asString()).isEqualTo("nginx:1");
        assertThat(containers.get(0).path("ports")).hasSize(2);
        assertThat(containers.get(0).path("ports").get(0).path("name").asString()).isEqualTo("http");
    }

    @Test
    void atomicListsAndAtomicMapsAreReplacedWhole() {
        apply(sts(CONTAINERS));
        apply(sts("""
                {"selector": {"matchLabels": {"app": "a", "tier": "web"}},
                 "template": {"spec": {"nodeSelector": {"disk": "ssd", "zone": "a"},
                   "containers": [{"name": "sidecar", "args": ["c"]}]}}}"""));
        JsonNode merged = apply(STS, OTHER, sts("""
                {"selector": {"matchLabels": {"app": "b"}},
                 "template": {"spec": {"nodeSelector": {"disk": "hdd"},
                   "containers": [{"name": "sidecar", "args": ["d"]}]}}}"""), true);
        assertThat(merged.at("/spec/selector").toString()).isEqualTo("{\"matchLabels\":{\"app\":\"b\"}}");
        assertThat(merged.at("/spec/template/spec/nodeSelector").toString()).isEqualTo("{\"disk\":\"hdd\"}");
        assertThat(merged.at("/spec/template/spec/containers/0/args").toString()).isEqualTo("[\"d\"]");
    }

    @Test
    void setsAndGranularMapsMergeMemberByMember() {
        live = json("{\"metadata\": {\"finalizers\": [\"a\"], \"labels\": {\"x\": \"1\"}}}");
        JsonNode merged = apply(STS, OTHER, """
                {"apiVersion": "apps/v1", "kind": "StatefulSet",
                 "metadata": {"finalizers": ["b", "a"], "labels": {"y": "2"}}}""", false);
        assertThat(merged.at("/metadata/finalizers").toString()).isEqualTo("[\"b\",\"a\"]");
        assertThat(merged.at("/metadata/labels").toString()).isEqualTo("{\"x\":\"1\",\"y\":\"2\"}");
    }

    @Test
    void mapTypeOnAPropertyOverridesTheType() {
        live = json("{\"granular\": {\"a\": \"1\"}, \"atomic\": {\"a\": \"1\"}}");
        JsonNode merged = apply(WIDGET, OTHER, "{\"granular\": {\"b\": \"2\"}, \"atomic\": {\"b\": \"2\"}}", false);
        assertThat(merged.path("granular").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(merged.path("atomic").toString()).isEqualTo("{\"b\":\"2\"}");
    }

    @Test
    void fieldsAnApplierStopsApplyingAreRemoved() {
        apply(sts(CONTAINERS));
        JsonNode merged = apply(sts("""
                {"replicas": 2, "template": {"spec": {"containers": [
                  {"name": "nginx", "image": "nginx:1", "ports": [{"containerPort": 80}]}]}}}"""));
        JsonNode containers = merged.at("/spec/template/spec/containers");
        assertThat(containers).hasSize(1);
        assertThat(containers.get(0).path("ports").toString()).isEqualTo("[{\"containerPort\":80}]");
    }

    @Test
    void droppedFieldsOwnedByAnotherManagerStay() {
        apply(sts("{\"replicas\": 2, \"serviceName\": \"nginx\"}"));
        apply(STS, OTHER, sts("{\"serviceName\": \"nginx\"}"), false);
        JsonNode merged = apply(sts("{\"replicas\": 2}"));
        assertThat(merged.at("/spec/serviceName").asString()).isEqualTo("nginx");
        assertThat(owners.get(APPLIER).set().has(FieldPath.fields("spec", "serviceName"))).isFalse();
        assertThat(owners.get(OTHER).set().has(FieldPath.fields("spec", "serviceName"))).isTrue();
    }

    @Test
    void fieldsSetBeforeTheApplierOwnedThemStayWhenItDropsThem() {
        live = json("{\"apiVersion\": \"apps/v1\", \"kind\": \"StatefulSet\", \"spec\": {\"podManagementPolicy\": \"Parallel\"}}");
        apply(sts("{\"replicas\": 1}"));
        JsonNode merged = apply(sts("{\"replicas\": 3}"));
        assertThat(merged.at("/spec/podManagementPolicy").asString()).isEqualTo("Parallel");
    }

    @Test
    void changingAFieldAnotherManagerOwnsIsAConflictUnlessForced() {
        apply(sts("{\"replicas\": 2}"));
        JsonNode scaled = json(live.toString());
        ((tools.jackson.databind.node.ObjectNode) scaled.get("spec")).put("replicas", 5);
        owners = STS.update(live, scaled, owners, SCALER);
        live = scaled;
        assertThat(owners.get(APPLIER).set().has(FieldPath.fields("spec", "replicas"))).isFalse();

        ApplyConflicts conflicts = catchThrowableOfType(ApplyConflicts.class, () -> apply(sts("{\"replicas\": 3}")));
        assertThat(conflicts.message()).isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\" "
                + "with subresource \"scale\" using apps/v1: .spec.replicas");

        // The same value is no conflict: both own it.
        apply(sts("{\"replicas\": 5}"));
        assertThat(owners.get(APPLIER).set().has(FieldPath.fields("spec", "replicas"))).isTrue();
        assertThat(owners.get(SCALER).set().has(FieldPath.fields("spec", "replicas"))).isTrue();

        JsonNode forced = apply(STS, APPLIER, sts("{\"replicas\": 3}"), true);
        assertThat(forced.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(owners).doesNotContainKey(SCALER);
    }

    @Test
    void severalConflictsAreListedByManager() {
        apply(STS, OTHER, sts("{\"replicas\": 2, \"serviceName\": \"a\"}"), false);
        ApplyConflicts conflicts = catchThrowableOfType(ApplyConflicts.class,
                () -> apply(sts("{\"replicas\": 3, \"serviceName\": \"b\"}")));
        assertThat(conflicts.message()).isEqualTo("""
                Apply failed with 2 conflicts: conflicts with "other":
                - .spec.replicas
                - .spec.serviceName""");
        assertThat(conflicts.toStatusError().toStatus().path("details").path("causes").get(1).toString())
                .isEqualTo("{\"reason\":\"FieldManagerConflict\",\"message\":\"conflict with \\\"other\\\"\","
                        + "\"field\":\".spec.serviceName\"}");
    }

    @Test
    void anUpdateOwnsWhatItChangedAndTakesItFromOthers() {
        apply(sts("{\"replicas\": 2, \"serviceName\": \"a\"}"));
        JsonNode edited = json(live.toString());
        ((tools.jackson.databind.node.ObjectNode) edited.get("spec")).put("replicas", 4).put("minReadySeconds", 1);
        Manager editor = Manager.update("kubectl-edit", "apps/v1", "");
        owners = STS.update(live, edited, owners, editor);
        assertThat(owners.get(editor).set().paths()).containsExactly(
                FieldPath.fields("spec", "minReadySeconds"), FieldPath.fields("spec", "replicas"));
        assertThat(owners.get(APPLIER).set().has(FieldPath.fields("spec", "serviceName"))).isTrue();
        assertThat(owners.get(APPLIER).set().has(FieldPath.fields("spec", "replicas"))).isFalse();
    }

    @Test
    void aConfigurationThatChangesNothingAnswersNoObject() {
        apply(sts("{\"replicas\": 2}"));
        FieldOwnership.Applied again = STS.apply(live, json(sts("{\"replicas\": 2}")), owners, APPLIER, false);
        assertThat(again.object()).isNull();
    }

    @Test
    void duplicateItemsInAConfigurationAreRejected() {
        assertThatThrownBy(() -> apply(sts("""
                {"template": {"spec": {"containers": [{"name": "a"}, {"name": "a"}]}}}""")))
                .hasMessage("duplicate entries for key [name=\"a\"]");
    }
}
