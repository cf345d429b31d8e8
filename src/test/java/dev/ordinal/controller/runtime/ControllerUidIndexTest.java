package dev.ordinal.controller.runtime;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.Unstructured;

import static org.assertj.core.api.Assertions.assertThat;

class ControllerUidIndexTest {

    private static Unstructured object(String namespace, String owners) {
        return new Unstructured((ObjectNode) JsonMapper.shared().readTree("""
                {"metadata":{"name":"x","namespace":"%s","ownerReferences":%s}}
                """.formatted(namespace, owners)));
    }

    @Test
    void anObjectIsFiledUnderItsControllersUidOnly() {
        Unstructured owned = object("a", """
                [{"kind":"ConfigMap","name":"c","uid":"owner"},{"kind":"StatefulSet","name":"web","uid":"ctl","controller":true}]
                """);

        assertThat(ControllerUidIndex.values(owned)).containsExactly("ctl");
    }

    @Test
    void anObjectWithoutControllerIsAnOrphanOfItsNamespace() {
        Unstructured ownedButNotControlled = object("a", "[{\"kind\":\"ConfigMap\",\"name\":\"c\",\"uid\":\"owner\"}]");

        assertThat(ControllerUidIndex.values(ownedButNotControlled)).containsExactly(ControllerUidIndex.orphansOf("a"));
        assertThat(ControllerUidIndex.orphansOf("a")).isNotEqualTo(ControllerUidIndex.orphansOf("b"));
    }
}
