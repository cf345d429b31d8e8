package dev.ordinal.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store with a quota, as etcd with {@code --quota-backend-bytes}: writes that would grow it past
 * the quota get what kube-apiserver passes on from etcd, deletes still work and bring it back under,
 * and its size is a metric.
 */
@ServerTest
@TestPropertySource(properties = "ordinal.storage.quota-bytes=4MB")
@DirtiesContext
@Timeout(120)
class StoreQuotaIT {

    private static final String FILLER = "x".repeat(900 * 1024);

    @LocalServerPort
    int port;

    private HttpResponse<String> createConfigMap(Http http, String configMaps, String name) {
        return http.post(configMaps, "application/json", """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%s"},"data":{"filler":"%s"}}"""
                .formatted(name, FILLER));
    }

    private static long metric(Http http, String name) {
        JsonNode metric = Http.json(http.get("/actuator/metrics/" + name));
        assertThat(metric.path("baseUnit").asString()).isEqualTo("bytes");
        return metric.path("measurements").path(0).path("value").asLong();
    }

    @Test
    void writesPastTheQuotaAreRefusedWithEtcdsErrorAndDeletesBringTheStoreBackUnder() {
        Http http = new Http(port);
        String configMaps = "/api/v1/namespaces/" + http.namespace("quota") + "/configmaps";
        assertThat(metric(http, "ordinal.storage.quota")).isEqualTo(4L * 1024 * 1024);
        long empty = metric(http, "ordinal.storage.size");

        HttpResponse<String> refused = null;
        int created = 0;
        while (refused == null && created < 10) {
            HttpResponse<String> response = createConfigMap(http, configMaps, "filler-" + created);
            if (response.statusCode() == 201) {
                created++;
            } else {
                refused = response;
            }
        }

        assertThat(created).isBetween(1, 4);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(500);
        JsonNode status = Http.json(refused);
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("status").asString()).isEqualTo("Failure");
        assertThat(status.path("message").asString()).isEqualTo("etcdserver: mvcc: database space exceeded");
        assertThat(status.has("reason")).isFalse();
        assertThat(http.get(configMaps + "/filler-" + created).statusCode()).isEqualTo(404);
        long full = metric(http, "ordinal.storage.size");
        assertThat(full).isGreaterThan(empty + created * (long) FILLER.length()).isLessThanOrEqualTo(4L * 1024 * 1024);

        HttpResponse<String> deleted = http.send(http.request(configMaps + "/filler-0").DELETE().build());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(metric(http, "ordinal.storage.size")).isLessThan(full - FILLER.length() / 2);
        assertThat(createConfigMap(http, configMaps, "after-delete").statusCode()).isEqualTo(201);
    }
}
