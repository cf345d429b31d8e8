package dev.ordinal.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends generated malformed requests (a fixed seed, so a failure replays: {@code -Dordinal.fuzz.seed})
 * across kinds, verbs, content types and patch types: a valid object with a field turned into a
 * value of another type, nested too deep, cut short or garbled. Every answer is below 500, every
 * error a meta/v1 Status, and a refused write leaves the stored object as it was.
 */
@ServerTest
class MalformedRequestFuzzIT {

    private static final long SEED = Long.getLong("ordinal.fuzz.seed", 20261207L);
    private static final int REQUESTS = 1000;
    private static final String NAMESPACE = "/api/v1/namespaces/default/";
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/yaml",
            "application/vnd.kubernetes.protobuf", "text/plain", "");
    private static final List<String> PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json",
            "application/apply-patch+yaml");

    /** A kind the fuzz writes to, with a valid object to start from; no controller changes these. */
    private record Kind(String collection, String json) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(NAMESPACE + "configmaps", """
                    {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","labels":{"app":"fuzz"},
                     "annotations":{"note":"x"}},"data":{"a":"1","b":"2"},"binaryData":{"c":"AAEC"}}"""),
            new Kind(NAMESPACE + "secrets", """
                    {"apiVersion":"v1","kind":"Secret","metadata":{"name":"NAME"},"type":"Opaque",
                     "data":{"password":"c2VjcmV0"},"immutable":false}"""),
            new Kind(NAMESPACE + "services", """
                    {"apiVersion":"v1","kind":"Service","metadata":{"name":"NAME"},
                     "spec":{"selector":{"app":"fuzz"},"ports":[{"name":"web","port":80,"targetPort":8080,
                      "protocol":"TCP"}],"sessionAffinity":"None"}}"""),
            new Kind("/apis/apps/v1/namespaces/default/statefulsets", """
                    {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"NAME"},
                     "spec":{"replicas":0,"serviceName":"fuzz","selector":{"matchLabels":{"app":"fuzz"}},
                      "minReadySeconds":0,"revisionHistoryLimit":10,
                      "template":{"metadata":{"labels":{"app":"fuzz"}},
                       "spec":{"terminationGracePeriodSeconds":30,"containers":[{"name":"c","image":"nginx",
                        "ports":[{"containerPort":80}],"resources":{"requests":{"cpu":"100m"}}}]}}}}"""));

    @LocalServerPort
    int port;

    private final Random random = new Random(SEED);
    private Http http;

    @Test
    @Timeout(120)
    void malformedRequestsAreRefusedWithAStatusAndChangeNothing() {
        http = new Http(port);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < KINDS.size(); i++) {
            Kind kind = KINDS.get(i);
            HttpResponse<String> created = http.post(kind.collection(), "application/json", object(kind, "target"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            targets.add(kind.collection() + "/target");
        }
        for (int i = 0; i < REQUESTS; i++) {
            int k = random.nextInt(KINDS.size());
            sendOne(i, KINDS.get(k), targets.get(k));
        }
    }

    private void sendOne(int index, Kind kind, String target) {
        JsonNode before = stored(target);
        String name = "fuzz-" + index;
        String verb = pick(List.of("POST", "PUT", "PATCH", "DELETE", "SCALE"));
        String path = switch (verb) {
            case "POST" -> kind.collection();
            case "SCALE" -> kind.collection().endsWith("statefulsets") ? target + "/scale" : target + "/status";
            default -> target;
        };
        String method = verb.equals("SCALE") ? pick(List.of("PUT", "PATCH")) : verb;
        String contentType = method.equals("PATCH") ? pick(PATCH_TYPES) : pick(CONTENT_TYPES);
        String body = malformed(kind, method.equals("POST") ? name : "target", contentType);
        if (method.equals("PATCH") && contentType.equals("application/apply-patch+yaml")) {
            path += "?fieldManager=fuzz";
        }
        HttpRequest.Builder request = http.request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(
                body.getBytes(StandardCharsets.UTF_8)));
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        if (random.nextInt(10) == 0) {
            request.header("Accept", pick(List.of(";;;", "application/yaml", "text/html", "*/*;q=x")));
        }
        HttpResponse<String> response = http.send(request.build());
        String replay = "request " + index + " (seed " + SEED + "): " + method + " " + path + " " + contentType
                + "\n" + abbreviated(body) + "\n-> " + response.statusCode() + " " + abbreviated(response.body());
        assertThat(response.statusCode()).as(replay).isLessThan(500);
        if (response.statusCode() >= 400) {
            JsonNode status = Http.JSON.readTree(response.body());
            assertThat(status.path("kind").asString()).as(replay).isEqualTo("Status");
            assertThat(status.path("code").asInt()).as(replay).isEqualTo(response.statusCode());
            assertThat(stored(target)).as(replay).isEqualTo(before);
            if (method.equals("POST")) {
                assertThat(http.get(kind.collection() + "/" + name).statusCode()).as(replay).isEqualTo(404);
            }
        } else if (method.equals("DELETE")) {
            // A delete that was valid: the target comes back for the requests after it.
            http.post(kind.collection(), "application/json", object(kind, "target"));
        }
    }

    /**
     * The target as stored, or null when it is not; without its status and what changes with it,
     * which the StatefulSet controller writes whenever it likes.
     */
    private JsonNode stored(String path) {
        HttpResponse<String> response = http.get(path);
        if (response.statusCode() != 200) {
            return null;
        }
        ObjectNode object = (ObjectNode) Http.json(response);
        object.remove("status");
        ((ObjectNode) object.path("metadata")).remove(List.of("resourceVersion", "managedFields"));
        return object;
    }

    private static String object(Kind kind, String name) {
        return kind.json().replace("NAME", name);
    }

    /** A request body: a valid object of the kind, then spoiled in one or more ways. */
    private String malformed(Kind kind, String name, String contentType) {
        ObjectNode object = (ObjectNode) Http.JSON.readTree(object(kind, name));
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            replaceRandomValue(object);
        }
        JsonNode document = contentType.equals("application/json-patch+json") ? jsonPatch(object) : object;
        String text = contentType.equals("application/yaml") && random.nextBoolean()
                ? yaml(document) : document.toString();
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, random.nextInt(text.length()));
            case 1 -> text.replace("\"", "");
            case 2 -> "[".repeat(600) + text + "]".repeat(600);
            default -> text;
        };
    }

    private static String yaml(JsonNode document) {
        return tools.jackson.dataformat.yaml.YAMLMapper.builder().build().writeValueAsString(document);
    }

    /** A JSON patch setting every leaf of the object, so the spoiled value lands where it was. */
    private static JsonNode jsonPatch(ObjectNode object) {
        ArrayNode operations = JsonNodeFactory.instance.arrayNode();
        object.properties().forEach(field -> operations.addObject().put("op", "replace")
                .put("path", "/" + field.getKey()).set("value", field.getValue()));
        return operations;
    }

    /** Replaces one value anywhere in the tree by one of another type or shape. */
    private void replaceRandomValue(ObjectNode root) {
        List<ContainerSlot> slots = new ArrayList<>();
        collect(root, slots, 0);
        ContainerSlot slot = slots.get(random.nextInt(slots.size()));
        JsonNode value = hostileValue();
        if (slot.parent() instanceof ObjectNode object) {
            object.set(slot.key(), value);
        } else {
            ((ArrayNode) slot.parent()).set(slot.index(), value);
        }
    }

    private record ContainerSlot(JsonNode parent, String key, int index) {
    }

    /** The places a value can go, no deeper than any in a valid object (not inside a deep value put there). */
    private static void collect(JsonNode node, List<ContainerSlot> slots, int depth) {
        if (depth > 12) {
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(field -> {
                slots.add(new ContainerSlot(node, field.getKey(), -1));
                collect(field.getValue(), slots, depth + 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                slots.add(new ContainerSlot(node, null, i));
                collect(node.get(i), slots, depth + 1);
            }
        }
    }

    private JsonNode hostileValue() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (random.nextInt(14)) {
            case 0 -> nodes.stringNode("2");
            case 1 -> nodes.numberNode(1.5);
            case 2 -> nodes.numberNode(1e30);
            case 3 -> nodes.numberNode(new java.math.BigInteger("99999999999999999999999"));
            case 4 -> nodes.numberNode(-1);
            case 5 -> nodes.booleanNode(true);
            case 6 -> nodes.arrayNode().add("a");
            case 7 -> nodes.objectNode().put("a", 1);
            case 8 -> nodes.nullNode();
            case 9 -> nodes.stringNode("x".repeat(64 + random.nextInt(20_000)));
            case 10 -> nodes.stringNode("\u0000\uFFFF\uD83D\uDE00%zz");
            case 11 -> nodes.stringNode("2024-13-45T99:99:99Z");
            case 12 -> deep(300 + random.nextInt(180));
            default -> nodes.numberNode(Long.MAX_VALUE);
        };
    }

    private static JsonNode deep(int depth) {
        ArrayNode root = JsonNodeFactory.instance.arrayNode();
        ArrayNode current = root;
        for (int i = 0; i < depth; i++) {
            current = current.addArray();
        }
        return root;
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static String abbreviated(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
