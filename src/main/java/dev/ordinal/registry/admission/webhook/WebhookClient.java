package dev.ordinal.registry.admission.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.admission.AdmissionAttributes;
import dev.ordinal.storage.ObjectStore;

import static dev.ordinal.machinery.JsonFields.text;

/**
 * Calls webhooks as upstream's {@code webhook.ClientManager} and dispatchers do: a POST of an
 * AdmissionReview to {@code clientConfig.url}, or to the Service the webhook names, with
 * {@code ?timeout=<timeoutSeconds>s} added, over TLS that trusts the {@code caBundle}. The whole
 * call, connection to last byte, is bounded by the webhook's {@code timeoutSeconds}, and the answer
 * by {@link WebhookProperties#maxResponseBytes()}.
 *
 * <p>A Service reference: a simulated cluster's IPs reach nothing, so the webhook is called where
 * upstream's endpoint routing ({@code --enable-aggregator-routing}) would call it: an ExternalName
 * Service's external name at the webhook's port (e.g. {@code localhost} for a webhook running on
 * this machine), or the first address of the Service's Endpoints at the endpoint port named as the
 * Service port. Its certificate must still name {@code <service>.<namespace>.svc}.
 */
@Component
class WebhookClient {

    private static final GroupResource SERVICES = new GroupResource("", "services");
    private static final GroupResource ENDPOINTS = new GroupResource("", "endpoints");
    private static final int MAX_CLIENTS = 64;

    private final ObjectStore store;
    private final int maxResponseBytes;
    /** One client per trust (CA bundle and name), as upstream caches its REST clients. */
    private final Map<Trust, HttpClient> clients = new ConcurrentHashMap<>();

    WebhookClient(ObjectStore store, WebhookProperties properties) {
        this.store = store;
        this.maxResponseBytes = properties.maxResponseBytes();
    }

    private record Trust(String caBundle, String serverName) {
    }

    /** Where a call goes: the URL shown in errors and the one dialled, and the name to verify. */
    private record Target(String shown, URI dialled, String serverName) {
    }

    /**
     * Sends the review; the answer, checked, or a {@link WebhookCallFailure} (also for a target that
     * cannot be resolved) completes the future.
     */
    CompletableFuture<AdmissionResponse> call(Webhook webhook, AdmissionAttributes attributes, boolean mutating) {
        String uid = UUID.randomUUID().toString();
        Duration timeout = Duration.ofSeconds(webhook.timeoutSeconds());
        Target target;
        HttpClient client;
        byte[] body;
        try {
            target = target(webhook);
            client = client(new Trust(webhook.clientConfig().getCaBundle(), target.serverName()), timeout);
            body = JsonMapper.shared().writeValueAsBytes(AdmissionReviews.request(attributes, uid));
        } catch (WebhookCallFailure e) {
            return CompletableFuture.failedFuture(e);
        }
        HttpRequest request = HttpRequest.newBuilder(target.dialled()).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.sendAsync(request, info -> new LimitedBody(maxResponseBytes))
                .orTimeout(webhook.timeoutSeconds(), TimeUnit.SECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        throw failure(target.shown(), error);
                    }
                    if (response.statusCode() < 200 || response.statusCode() > 299) {
                        throw new WebhookCallFailure("failed to call webhook: the server responded with the status "
                                + "code " + response.statusCode() + " but did not return more information");
                    }
                    return AdmissionReviews.response(response.body(), uid, mutating);
                });
    }

    private HttpClient client(Trust trust, Duration timeout) {
        HttpClient client = clients.get(trust);
        if (client == null) {
            if (clients.size() >= MAX_CLIENTS) {
                clients.clear();
            }
            client = clients.computeIfAbsent(trust, t -> HttpClient.newBuilder()
                    .sslContext(WebhookTls.context(t.caBundle(), t.serverName()))
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER).build());
        }
        return client;
    }

    private Target target(Webhook webhook) {
        String timeout = "timeout=" + webhook.timeoutSeconds() + "s";
        String url = webhook.clientConfig().getUrl();
        if (url != null) {
            URI uri = URI.create(url + "?" + timeout);
            return new Target(uri.toString(), uri, null);
        }
        ServiceReference service = webhook.clientConfig().getService();
        int port = service.getPort() == null ? 443 : service.getPort();
        String path = service.getPath() == null ? "" : service.getPath();
        String name = service.getName() + "." + service.getNamespace() + ".svc";
        String shown = "https://" + name + ":" + port + path + "?" + timeout;
        String endpoint = endpoint(service, port, shown);
        return new Target(shown, URI.create("https://" + endpoint + path + "?" + timeout), name);
    }

    /**
     * Where the Service sends {@code port}, as upstream's endpoint routing resolves it: an
     * ExternalName Service to its external name, any other to the first address of its Endpoints,
     * at the endpoint port of the same name as the Service port.
     */
    private String endpoint(ServiceReference reference, int port, String shown) {
        String namespace = reference.getNamespace();
        String name = reference.getName();
        Unstructured service = store.get(SERVICES, namespace, name).orElseThrow(() -> new WebhookCallFailure(
                "failed to call webhook: Post \"" + shown + "\": service \"" + name + "\" not found"));
        JsonNode spec = service.json().path("spec");
        if (text(spec, "type").equals("ExternalName")) {
            return text(spec, "externalName") + ":" + port;
        }
        String portName = null;
        for (var servicePort : spec.path("ports")) {
            if (servicePort.path("port").asInt() == port) {
                portName = servicePort.path("name").asString("");
            }
        }
        WebhookCallFailure unavailable = new WebhookCallFailure("failed to call webhook: Post \"" + shown
                + "\": no endpoints available for service \"" + name + "\"");
        if (portName == null) {
            throw unavailable;
        }
        Unstructured endpoints = store.get(ENDPOINTS, namespace, name).orElseThrow(() -> unavailable);
        for (var subset : endpoints.json().path("subsets")) {
            for (var endpointPort : subset.path("ports")) {
                if (endpointPort.path("name").asString("").equals(portName) && !subset.path("addresses").isEmpty()) {
                    String ip = subset.path("addresses").get(0).path("ip").asString("");
                    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + endpointPort.path("port").asInt();
                }
            }
        }
        throw unavailable;
    }

    /** A failed exchange worded as Go's HTTP client words it, after upstream's prefix. */
    private static WebhookCallFailure failure(String url, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebhookCallFailure failure) {
            return failure;
        }
        String why;
        URI uri = URI.create(url);
        String dial = "dial tcp " + uri.getHost() + ":" + uri.getPort() + ": ";
        if (cause instanceof HttpConnectTimeoutException) {
            why = dial + "i/o timeout";
        } else if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            why = "context deadline exceeded";
        } else if (cause instanceof ConnectException) {
            why = dial + "connect: connection refused";
        } else if (cause instanceof SSLException) {
            why = "tls: failed to verify certificate: " + cause.getMessage();
        } else if (cause instanceof IOException) {
            why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        } else {
            why = String.valueOf(cause.getMessage());
        }
        return new WebhookCallFailure("failed to call webhook: Post \"" + url + "\": " + why);
    }
}
