package dev.ordinal.it.admission;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An admission webhook for tests: a JDK HTTPS server with a self-signed certificate, made here,
 * for 127.0.0.1 and {@code hook.webhooks.svc}. Each path answers AdmissionReviews with what its
 * function makes of the request (the {@code response} without uid, which is added); every request
 * is kept for the test to look at.
 */
final class WebhookServer implements AutoCloseable {

    private final HttpsServer server;
    private final String caBundle;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    WebhookServer() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        X500Name subject = new X500Name("CN=webhook");
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                        keys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                                new GeneralName(GeneralName.dNSName, "hook.webhooks.svc")}))
                        .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(certificate);
        }
        caBundle = Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.US_ASCII));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("webhook", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.start();
    }

    /** Answers reviews posted to {@code path} with the response {@code answer} makes of the request. */
    WebhookServer answer(String path, Function<JsonNode, ObjectNode> answer) {
        server.createContext(path, exchange -> {
            try (exchange) {
                JsonNode review = JsonMapper.shared().readTree(exchange.getRequestBody().readAllBytes());
                JsonNode request = review.path("request");
                requests.add(request);
                ObjectNode response = answer.apply(request);
                response.put("uid", request.path("uid").asString());
                ObjectNode answered = JsonMapper.shared().createObjectNode()
                        .put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
                answered.set("response", response);
                byte[] body = JsonMapper.shared().writeValueAsBytes(answered);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        return this;
    }

    static ObjectNode allowed() {
        return JsonMapper.shared().createObjectNode().put("allowed", true);
    }

    static ObjectNode denied(String message) {
        ObjectNode response = JsonMapper.shared().createObjectNode().put("allowed", false);
        response.putObject("status").put("message", message);
        return response;
    }

    /** Allows, with an RFC 6902 patch. */
    static ObjectNode patched(String jsonPatch) {
        return allowed().put("patchType", "JSONPatch")
                .put("patch", Base64.getEncoder().encodeToString(jsonPatch.getBytes(StandardCharsets.UTF_8)));
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "https://127.0.0.1:" + port() + path;
    }

    String caBundle() {
        return caBundle;
    }

    List<JsonNode> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
