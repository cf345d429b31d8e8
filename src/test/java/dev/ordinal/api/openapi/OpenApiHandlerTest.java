package dev.ordinal.api.openapi;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.ResourceRegistry;
import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /openapi/v3} as kubectl and Swagger UI read it. */
@ServerTest
class OpenApiHandlerTest {

    private static final String STATEFULSET = "/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ResourceRegistry resources;

    @Test
    void rootListsEveryServedGroupVersionWithItsHash() throws Exception {
        HttpResponse<String> response = get("/openapi/v3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode paths = json.readTree(response.body()).get("paths");
        List<String> expected = resources.groupVersions().stream()
                .map(gv -> gv.contains("/") ? "apis/" + gv : "api/" + gv).sorted().toList();
        assertThat(names(paths)).containsExactlyElementsOf(expected);
        assertThat(paths.get("apis/apps/v1").get("serverRelativeURL").asString())
                .matches("/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{128}");
    }

    @Test
    void hashIsTheDigestOfTheDocumentAndMakesItImmutable() throws Exception {
        String url = serverRelativeUrl("apis/apps/v1");
        String hash = url.substring(url.indexOf("hash=") + "hash=".length());

        HttpResponse<String> hashed = get(url);
        assertThat(hashed.statusCode()).isEqualTo(200);
        assertThat(hashed.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(hashed.headers().firstValue("Cache-Control")).hasValue("public, immutable");
        assertThat(hashed.headers().firstValue("ETag")).hasValue("\"" + hash + "\"");
        assertThat(sha512(hashed.body())).isEqualTo(hash);

        HttpResponse<String> plain = get("/openapi/v3/apis/apps/v1");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(plain.body()).isEqualTo(hashed.body());
    }

    @Test
    void staleHashRedirectsToTheCurrentDocument() throws Exception {
        HttpResponse<String> response = get("/openapi/v3/apis/apps/v1?hash=0123");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue(serverRelativeUrl("apis/apps/v1"));
    }

    @Test
    void unchangedDocumentIsNotSentAgain() throws Exception {
        String etag = get("/openapi/v3/api/v1").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/openapi/v3/api/v1"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void statefulSetPatchCarriesWhatKubectlLooksForBeforeServerSideValidation() throws Exception {
        JsonNode patch = document("apis/apps/v1").get("paths").get(STATEFULSET).get("patch");

        assertThat(patch.get("x-kubernetes-group-version-kind"))
                .isEqualTo(json.readTree("{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"StatefulSet\"}"));
        assertThat(queryParameters(patch)).contains("fieldValidation", "dryRun", "fieldManager");
        assertThat(names(patch.get("requestBody").get("content"))).containsExactlyInAnyOrder(
                "application/json-patch+json", "application/merge-patch+json",
                "application/strategic-merge-patch+json", "application/apply-patch+yaml");
        assertThat(patch.get("operationId").asString()).isEqualTo("patchAppsV1NamespacedStatefulSet");
        assertThat(patch.get("x-kubernetes-action").asString()).isEqualTo("patch");
    }

    @Test
    void everyKindCanBeValidatedByTheServer() throws Exception {
        for (ResourceDefinition d : resources.all()) {
            String path = d.group().isEmpty() ? "api/" + d.version() : "apis/" + d.group() + "/" + d.version();
            List<JsonNode> patches = new ArrayList<>();
            // A kind that is only created (the access reviews) has its POST to check.
            String method = d.creater() == null ? "patch" : "post";
            document(path).get("paths").forEach(p -> {
                JsonNode gvk = p.path(method).path("x-kubernetes-group-version-kind");
                if (gvk.path("group").asString("").equals(d.group())
                        && gvk.path("version").asString("").equals(d.version())
                        && gvk.path("kind").asString("").equals(d.kind())) {
                    patches.add(p.get(method));
                }
            });
            assertThat(patches).as("%s operations of %s", method, d.kind()).isNotEmpty();
            patches.forEach(patch -> assertThat(queryParameters(patch)).as(d.kind()).contains("fieldValidation"));
        }
    }

    @Test
    void statefulSetOperationsHaveUpstreamIdsAndParameters() throws Exception {
        JsonNode paths = document("apis/apps/v1").get("paths");
        String collection = "/apis/apps/v1/namespaces/{namespace}/statefulsets";

        assertThat(paths.get(STATEFULSET).get("get").get("operationId").asString())
                .isEqualTo("readAppsV1NamespacedStatefulSet");
        assertThat(paths.get(STATEFULSET).get("put").get("operationId").asString())
                .isEqualTo("replaceAppsV1NamespacedStatefulSet");
        assertThat(paths.get(STATEFULSET).get("delete").get("operationId").asString())
                .isEqualTo("deleteAppsV1NamespacedStatefulSet");
        assertThat(paths.get(collection).get("post").get("operationId").asString())
                .isEqualTo("createAppsV1NamespacedStatefulSet");
        assertThat(paths.get(collection).get("delete").get("operationId").asString())
                .isEqualTo("deleteAppsV1CollectionNamespacedStatefulSet");
        assertThat(paths.get("/apis/apps/v1/statefulsets").get("get").get("operationId").asString())
                .isEqualTo("listAppsV1StatefulSetForAllNamespaces");
        JsonNode list = paths.get(collection).get("get");
        assertThat(list.get("operationId").asString()).isEqualTo("listAppsV1NamespacedStatefulSet");
        assertThat(queryParameters(list)).contains("labelSelector", "fieldSelector", "limit", "continue",
                "resourceVersion", "watch");
        assertThat(list.get("tags").toString()).isEqualTo("[\"statefulsets\"]");
        assertThat(paths.get(collection).get("post").at("/requestBody/content/application~1json/example/kind")
                .asString()).isEqualTo("StatefulSet");
    }

    @Test
    void scaleSubresourceSpeaksAutoscalingScale() throws Exception {
        JsonNode scale = document("apis/apps/v1").get("paths").get(STATEFULSET + "/scale");

        assertThat(scale.get("get").get("operationId").asString()).isEqualTo("readAppsV1NamespacedStatefulSetScale");
        assertThat(scale.get("patch").get("x-kubernetes-group-version-kind").get("kind").asString()).isEqualTo("Scale");
        assertThat(scale.get("put").at("/requestBody/content/application~1json/schema/$ref").asString())
                .isEqualTo("#/components/schemas/io.k8s.api.autoscaling.v1.Scale");
        assertThat(document("apis/apps/v1").get("paths").get(STATEFULSET + "/status").get("patch")
                .get("operationId").asString()).isEqualTo("patchAppsV1NamespacedStatefulSetStatus");
    }

    @Test
    void schemasAreNamedAndShapedAsUpstream() throws Exception {
        JsonNode schemas = document("apis/apps/v1").get("components").get("schemas");

        JsonNode statefulSet = schemas.get("io.k8s.api.apps.v1.StatefulSet");
        assertThat(statefulSet.get("x-kubernetes-group-version-kind"))
                .isEqualTo(json.readTree("[{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"StatefulSet\"}]"));
        assertThat(statefulSet.at("/properties/spec/allOf/0/$ref").asString())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.StatefulSetSpec");
        assertThat(schemas.get("io.k8s.api.apps.v1.StatefulSetSpec").get("required").toString())
                .isEqualTo("[\"selector\",\"template\"]");
        assertThat(schemas.at("/io.k8s.api.apps.v1.RollingUpdateStatefulSetStrategy/properties/partition/format")
                .asString()).isEqualTo("int32");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.util.intstr.IntOrString/format").asString())
                .isEqualTo("int-or-string");
        assertThat(schemas.at("/io.k8s.apimachinery.pkg.apis.meta.v1.Time/format").asString()).isEqualTo("date-time");
        assertThat(schemas.has("io.k8s.apimachinery.pkg.api.resource.Quantity")).isTrue();
        JsonNode containers = schemas.at("/io.k8s.api.core.v1.PodSpec/properties/containers");
        assertThat(containers.get("x-kubernetes-patch-merge-key").asString()).isEqualTo("name");
        assertThat(containers.get("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
        assertThat(containers.get("x-kubernetes-list-type").asString()).isEqualTo("map");
        assertThat(containers.get("items").get("$ref").asString())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
    }

    @Test
    void everyReferenceResolvesWithinItsDocument() throws Exception {
        for (String path : names(json.readTree(get("/openapi/v3").body()).get("paths"))) {
            JsonNode document = document(path);
            List<String> refs = new ArrayList<>();
            collectRefs(document, refs);
            assertThat(refs).as(path).isNotEmpty().allSatisfy(ref ->
                    assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse());
        }
    }

    @Test
    void openApiV2DescribesEveryPathWithV2References() throws Exception {
        HttpResponse<String> response = get("/openapi/v2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode swagger = json.readTree(response.body());
        assertThat(swagger.get("swagger").asString()).isEqualTo("2.0");
        JsonNode patch = swagger.get("paths").get(STATEFULSET).get("patch");
        assertThat(patch.get("x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"StatefulSet\"}");
        List<String> parameters = new ArrayList<>();
        patch.get("parameters").forEach(p -> parameters.add(p.get("in").asString() + ":" + p.get("name").asString()));
        assertThat(parameters).contains("query:fieldValidation", "query:dryRun", "body:body");
        assertThat(patch.get("consumes").toString()).contains("application/strategic-merge-patch+json");
        List<String> refs = new ArrayList<>();
        collectRefs(swagger, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/definitions/");
            assertThat(swagger.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
        assertThat(swagger.at("/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString/type").asString())
                .isEqualTo("string");
    }

    @Test
    void openApiV2AsProtobufWhenAskedForIt() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri("/openapi/v2"))
                .header("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf").build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        // openapi.v2.Document field 1 (swagger), a string: tag 0x0a, length 3, "2.0".
        assertThat(response.body()).startsWith(0x0a, 3, '2', '.', '0');
    }

    @Test
    void unknownGroupVersionIsNotFound() throws Exception {
        assertThat(get("/openapi/v3/apis/batch/v1").statusCode()).isEqualTo(404);
    }

    @Test
    void swaggerUiOffersEveryGroupVersionDocumentTheDnsResolverAndSimulationControl() throws Exception {
        JsonNode config = json.readTree(get("/v3/api-docs/swagger-config").body());

        List<String> urls = new ArrayList<>();
        config.get("urls").forEach(url -> urls.add(url.get("url").asString()));
        List<String> documents = new ArrayList<>(names(json.readTree(get("/openapi/v3").body()).get("paths")).stream()
                .map(path -> "/openapi/v3/" + path).toList());
        documents.add("/v3/api-docs/dns");
        documents.add("/v3/api-docs/simulation");
        assertThat(urls).containsExactlyInAnyOrderElementsOf(documents);
        assertThat(config.get("urls.primaryName").asString()).isEqualTo("apps/v1");
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
        assertThat(names(json.readTree(get("/v3/api-docs/simulation").body()).get("paths"))).containsExactlyInAnyOrder(
                "/ordinal/v1/reset", "/ordinal/v1/clock", "/ordinal/v1/clock/pause", "/ordinal/v1/clock/resume",
                "/ordinal/v1/clock/step", "/ordinal/v1/clock/speed", "/ordinal/v1/snapshot", "/ordinal/v1/snapshots",
                "/ordinal/v1/snapshots/{name}", "/ordinal/v1/snapshots/{name}/restore", "/ordinal/v1/nodes/{name}/fault",
                "/ordinal/v1/nodes/{name}/{fault}");
        assertThat(names(json.readTree(get("/v3/api-docs/dns").body()).get("paths"))).containsExactly("/dns/resolve");
    }

    private JsonNode document(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/openapi/v3/" + path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        JsonNode document = json.readTree(response.body());
        assertThat(document.get("openapi").asString()).isEqualTo("3.0.0");
        return document;
    }

    private String serverRelativeUrl(String path) throws IOException, InterruptedException {
        return json.readTree(get("/openapi/v3").body()).get("paths").get(path).get("serverRelativeURL").asString();
    }

    private static List<String> queryParameters(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(p -> {
            if (p.get("in").asString().equals("query")) {
                names.add(p.get("name").asString());
            }
        });
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                // JSONSchemaProps has a field named "$ref" (a string schema): only a string is a reference.
                if (e.getKey().equals("$ref") && e.getValue().isString()) {
                    refs.add(e.getValue().asString());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectRefs(element, refs));
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.propertyNames().forEach(names::add);
        return names;
    }

    private static String sha512(String body) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-512").digest(body.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
