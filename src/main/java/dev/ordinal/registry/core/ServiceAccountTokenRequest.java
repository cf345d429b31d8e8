package dev.ordinal.registry.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.GroupVersionKind;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Timestamps;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.NamedCreater;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.serviceaccount.TokenIssuer;
import dev.ordinal.storage.ObjectStore;

/**
 * The token subresource of ServiceAccounts ({@code POST .../serviceaccounts/{name}/token} with an
 * authentication.k8s.io/v1 TokenRequest), upstream's {@code TokenREST}: defaults and validates the
 * request's spec, resolves the object the token is to be bound to, and answers the request with
 * {@code status.token} and {@code status.expirationTimestamp}. Nothing is stored.
 */
@Component
public final class ServiceAccountTokenRequest implements NamedCreater {

    /** TokenRequestSpec's default lifetime. */
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    /** The lifetime kubelets ask for; upstream extends it to a year and warns after it (warnafter). */
    public static final long KUBELET_EXPIRATION_SECONDS = 3607;
    private static final long EXTENDED_EXPIRATION_SECONDS = 365L * 24 * 60 * 60;
    private static final long MIN_EXPIRATION_SECONDS = 600;
    private static final long MAX_EXPIRATION_SECONDS = 1L << 32;
    private static final GroupResource SERVICE_ACCOUNTS = new GroupResource("", "serviceaccounts");

    private final ObjectStore store;
    private final TokenIssuer issuer;
    private final Clock clock;

    ServiceAccountTokenRequest(ObjectStore store, TokenIssuer issuer, Clock clock) {
        this.store = store;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public GroupVersionKind kind(ResourceDefinition parent) {
        return new GroupVersionKind("authentication.k8s.io", "v1", "TokenRequest");
    }

    @Override
    public List<String> verbs() {
        return List.of("create");
    }

    @Override
    public Unstructured create(ResourceDefinition parent, String namespace, String name, Unstructured request,
                               WriteOptions options) {
        if (!request.namespace().isEmpty() && !request.namespace().equals(namespace)) {
            throw StatusError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request");
        }
        ObjectNode spec = request.json().withObject("spec");
        if (!spec.hasNonNull("expirationSeconds")) {
            spec.put("expirationSeconds", DEFAULT_EXPIRATION_SECONDS);
        }
        validate(name, spec);
        Unstructured serviceAccount = store.get(SERVICE_ACCOUNTS, namespace, name)
                .orElseThrow(() -> StatusError.notFound(SERVICE_ACCOUNTS, name));
        Map<String, TokenIssuer.Reference> bound = bound(namespace, name, spec.path("boundObjectRef"));
        if (spec.path("audiences").isEmpty()) {
            ArrayNode audiences = spec.putArray("audiences");
            issuer.apiAudiences().forEach(audiences::add);
        }
        if (!spec.has("boundObjectRef")) {
            spec.putNull("boundObjectRef");
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(audience -> audiences.add(audience.asString("")));
        long seconds = spec.path("expirationSeconds").asLong();
        Instant now = clock.instant();
        Instant expires = now.plusSeconds(seconds);
        // Upstream's extended lifetime for what kubelets ask: a pod-bound token of 3607 s for the
        // API server's own audiences lives a year and warns after its asked-for hour.
        boolean extended = seconds == KUBELET_EXPIRATION_SECONDS && bound.containsKey("pod")
                && audiences.equals(issuer.apiAudiences());
        String token = issuer.issue(new TokenIssuer.Claims(namespace,
                new TokenIssuer.Reference(name, serviceAccount.uid()), audiences, now,
                extended ? now.plusSeconds(EXTENDED_EXPIRATION_SECONDS) : expires, bound, extended ? expires : null));
        ObjectNode answer = request.json();
        answer.put("kind", "TokenRequest");
        answer.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode metadata = answer.withObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        if (!metadata.has("creationTimestamp")) {
            metadata.putNull("creationTimestamp");
        }
        answer.putObject("status").put("token", token).put("expirationTimestamp", Timestamps.format(expires));
        return request;
    }

    /** Upstream's ValidateTokenRequest. */
    private static void validate(String name, JsonNode spec) {
        long seconds = spec.path("expirationSeconds").asLong();
        List<FieldError> errors = new ArrayList<>();
        if (seconds < MIN_EXPIRATION_SECONDS) {
            errors.add(FieldError.invalid("spec.expirationSeconds", seconds,
                    "may not specify a duration less than 10 minutes"));
        }
        if (seconds > MAX_EXPIRATION_SECONDS) {
            errors.add(FieldError.invalid("spec.expirationSeconds", seconds,
                    "may not specify a duration larger than 2^32 seconds"));
        }
        if (!errors.isEmpty()) {
            throw StatusError.invalid("authentication.k8s.io", "TokenRequest", name, errors);
        }
    }

    /**
     * The objects the token is bound to, by claim name: a Pod (with the node it runs on), a
     * Secret or a Node (ServiceAccountTokenNodeBinding, beta and on in 1.32). The object must
     * exist, a pod must run as this ServiceAccount, and a given uid must be the object's.
     */
    private Map<String, TokenIssuer.Reference> bound(String namespace, String serviceAccount, JsonNode reference) {
        Map<String, TokenIssuer.Reference> bound = new LinkedHashMap<>();
        if (reference.isMissingNode() || reference.isNull()) {
            return bound;
        }
        String apiVersion = reference.path("apiVersion").asString("");
        String kind = reference.path("kind").asString("");
        String name = reference.path("name").asString("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String claim = group.isEmpty() ? switch (kind) {
            case "Pod" -> "pod";
            case "Secret" -> "secret";
            case "Node" -> "node";
            default -> null;
        } : null;
        if (claim == null) {
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            throw StatusError.badRequest("cannot bind token to object of type " + group + "/" + version + ", Kind="
                    + kind);
        }
        GroupResource resource = new GroupResource("", claim + "s");
        Unstructured object = store.get(resource, claim.equals("node") ? "" : namespace, name)
                .orElseThrow(() -> StatusError.notFound(resource, name));
        String uid = reference.path("uid").asString("");
        if (!uid.isEmpty() && !uid.equals(object.uid())) {
            throw StatusError.conflict(new GroupResource("", kind), name, "the UID in the bound object reference ("
                    + uid + ") does not match the UID in record. The object might have been deleted and then recreated");
        }
        if (claim.equals("pod")) {
            String runsAs = object.json().path("spec").path("serviceAccountName").asString("");
            if (!runsAs.equals(serviceAccount)) {
                throw StatusError.badRequest("cannot bind token for serviceaccount \"" + serviceAccount
                        + "\" to pod running with serviceaccount \"" + runsAs + "\"");
            }
        }
        bound.put(claim, new TokenIssuer.Reference(object.name(), object.uid()));
        if (claim.equals("pod")) {
            // ServiceAccountTokenPodNodeInfo (beta, on since 1.30): the pod's node is named too.
            String nodeName = object.json().path("spec").path("nodeName").asString("");
            if (!nodeName.isEmpty()) {
                store.get(new GroupResource("", "nodes"), "", nodeName).ifPresent(node ->
                        bound.put("node", new TokenIssuer.Reference(node.name(), node.uid())));
            }
        }
        return bound;
    }
}
