package dev.ordinal.api;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ordinal.testing.ServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/** A watch answers its status and headers at once, before any event, as kube-apiserver's does. */
@ServerTest
class WatchHeadersIT {

    @LocalServerPort
    int port;

    @Test
    void aQuietWatchCommitsItsHeadersAtOnce() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dnever&watch=true"
                + "&timeoutSeconds=60")).build();

        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get(5, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        response.body().close();
    }
}
