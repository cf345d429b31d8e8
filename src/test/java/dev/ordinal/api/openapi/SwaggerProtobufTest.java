package dev.ordinal.api.openapi;

import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protobuf v2 document read back field by field, with the numbers of gnostic's
 * OpenAPIv2.proto: what kubectl's query-parameter check and its models find in it.
 */
class SwaggerProtobufTest {

    private static final JsonNode SWAGGER = JsonMapper.shared().readTree("""
            {"swagger": "2.0", "info": {"title": "Kubernetes", "version": "v1.32.4"},
             "paths": {"/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}": {
               "parameters": [{"name": "name", "in": "path", "required": true, "type": "string"}],
               "patch": {"operationId": "patchAppsV1NamespacedStatefulSet",
                 "consumes": ["application/merge-patch+json"],
                 "parameters": [{"name": "fieldValidation", "in": "query", "type": "string", "uniqueItems": true},
                                {"name": "body", "in": "body", "required": true,
                                 "schema": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}}],
                 "responses": {"200": {"description": "OK",
                                       "schema": {"$ref": "#/definitions/io.k8s.api.apps.v1.StatefulSet"}}},
                 "x-kubernetes-action": "patch",
                 "x-kubernetes-group-version-kind": {"group": "apps", "version": "v1", "kind": "StatefulSet"}}}},
             "definitions": {"io.k8s.api.core.v1.Container": {
               "type": "object", "required": ["name"],
               "properties": {"ports": {"type": "array", "items": {"type": "integer"},
                                        "x-kubernetes-list-map-keys": ["containerPort", "protocol"],
                                        "x-kubernetes-patch-merge-key": "containerPort"},
                              "env": {"type": "object", "additionalProperties": {"type": "string"}},
                              "group": {"type": "string", "default": ""}}}}}""");

    @Test
    void documentHeader() throws Exception {
        UnknownFieldSet document = UnknownFieldSet.parseFrom(SwaggerProtobuf.encode(SWAGGER));

        assertThat(string(document, 1)).isEqualTo("2.0");
        UnknownFieldSet info = message(document, 2);
        assertThat(string(info, 1)).isEqualTo("Kubernetes");
        assertThat(string(info, 2)).isEqualTo("v1.32.4");
    }

    @Test
    void patchOperationCarriesItsKindAndTheFieldValidationParameter() throws Exception {
        UnknownFieldSet document = UnknownFieldSet.parseFrom(SwaggerProtobuf.encode(SWAGGER));
        UnknownFieldSet namedPath = message(message(document, 8), 2);
        assertThat(string(namedPath, 1)).isEqualTo("/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}");
        UnknownFieldSet pathItem = message(namedPath, 2);

        UnknownFieldSet pathParameter = message(message(message(message(pathItem, 9), 1), 2), 4);
        assertThat(string(pathParameter, 4)).isEqualTo("name");
        assertThat(string(pathParameter, 2)).isEqualTo("path");

        UnknownFieldSet patch = message(pathItem, 8);
        assertThat(string(patch, 5)).isEqualTo("patchAppsV1NamespacedStatefulSet");
        assertThat(string(patch, 7)).isEqualTo("application/merge-patch+json");
        List<ByteString> parameters = patch.getField(8).getLengthDelimitedList();
        UnknownFieldSet query = message(message(message(UnknownFieldSet.parseFrom(parameters.get(0)), 1), 2), 3);
        assertThat(string(query, 4)).isEqualTo("fieldValidation");
        assertThat(string(query, 2)).isEqualTo("query");
        assertThat(string(query, 6)).isEqualTo("string");
        UnknownFieldSet body = message(message(UnknownFieldSet.parseFrom(parameters.get(1)), 1), 1);
        assertThat(string(body, 2)).isEqualTo("body");
        assertThat(body.getField(4).getVarintList()).containsExactly(1L);
        assertThat(string(message(body, 5), 1)).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");

        List<ByteString> extensions = patch.getField(13).getLengthDelimitedList();
        assertThat(extensions).hasSize(2);
        UnknownFieldSet gvk = UnknownFieldSet.parseFrom(extensions.get(1));
        assertThat(string(gvk, 1)).isEqualTo("x-kubernetes-group-version-kind");
        assertThat(string(message(gvk, 2), 2)).isEqualTo("group: apps\nkind: StatefulSet\nversion: v1\n");
    }

    @Test
    void definitionsKeepTypesItemsMapsAndExtensionsAsYaml() throws Exception {
        UnknownFieldSet document = UnknownFieldSet.parseFrom(SwaggerProtobuf.encode(SWAGGER));
        UnknownFieldSet named = message(message(document, 9), 1);
        assertThat(string(named, 1)).isEqualTo("io.k8s.api.core.v1.Container");
        UnknownFieldSet container = message(named, 2);
        assertThat(string(message(container, 22), 1)).isEqualTo("object");
        assertThat(string(container, 19)).isEqualTo("name");

        List<ByteString> properties = message(container, 25).getField(1).getLengthDelimitedList();
        UnknownFieldSet ports = message(UnknownFieldSet.parseFrom(properties.get(0)), 2);
        assertThat(string(message(ports, 22), 1)).isEqualTo("array");
        assertThat(string(message(message(message(ports, 23), 1), 22), 1)).isEqualTo("integer");
        List<ByteString> extensions = ports.getField(31).getLengthDelimitedList();
        assertThat(string(message(UnknownFieldSet.parseFrom(extensions.get(0)), 2), 2))
                .isEqualTo("- containerPort\n- protocol\n");
        assertThat(string(message(UnknownFieldSet.parseFrom(extensions.get(1)), 2), 2)).isEqualTo("containerPort\n");

        UnknownFieldSet env = message(UnknownFieldSet.parseFrom(properties.get(1)), 2);
        assertThat(string(message(message(message(env, 21), 1), 22), 1)).isEqualTo("string");
        UnknownFieldSet group = message(UnknownFieldSet.parseFrom(properties.get(2)), 2);
        assertThat(string(message(group, 5), 2)).isEqualTo("\"\"\n");
    }

    private static UnknownFieldSet message(UnknownFieldSet set, int field) throws InvalidProtocolBufferException {
        List<ByteString> values = set.getField(field).getLengthDelimitedList();
        assertThat(values).as("field %d", field).hasSize(1);
        return UnknownFieldSet.parseFrom(values.get(0));
    }

    private static String string(UnknownFieldSet set, int field) {
        List<ByteString> values = set.getField(field).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.get(0).toStringUtf8();
    }
}
