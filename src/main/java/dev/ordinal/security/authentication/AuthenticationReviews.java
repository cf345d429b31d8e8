package dev.ordinal.security.authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.api.ProtobufObjectDecoder;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.security.RequestUser;
import dev.ordinal.security.UserInfo;

/**
 * The authentication.k8s.io/v1 reviews, created and answered, never stored (upstream's
 * {@code pkg/registry/authentication}): a SelfSubjectReview tells the requester who the server
 * takes it for ({@code kubectl auth whoami}); a TokenReview tells whether a bearer token
 * authenticates, as whom and for which audiences (what a webhook token authenticator asks).
 */
@RestController
class AuthenticationReviews {

    private static final String API_VERSION = "authentication.k8s.io/v1";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

    private final Authentication authentication;
    private final JsonMapper mapper;

    AuthenticationReviews(Authentication authentication, JsonMapper mapper) {
        this.authentication = authentication;
        this.mapper = mapper;
    }

    @PostMapping(path = "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ObjectNode> selfSubjectReview(HttpServletRequest request,
                                                 @RequestBody(required = false) byte[] body) {
        decode(request, body, "SelfSubjectReview");
        ObjectNode review = review("SelfSubjectReview");
        userInfo(review.putObject("status").putObject("userInfo"), RequestUser.of(request));
        return ResponseEntity.status(HttpStatus.CREATED).body(review);
    }

    @PostMapping(path = "/apis/authentication.k8s.io/v1/tokenreviews", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ObjectNode> tokenReview(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        JsonNode spec = decode(request, body, "TokenReview").path("spec");
        String token = spec.path("token").asString("");
        if (token.isEmpty()) {
            throw StatusError.badRequest("token is required for TokenReview in authentication");
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(audience -> audiences.add(audience.asString("")));
        ObjectNode review = review("TokenReview");
        ObjectNode reviewSpec = review.putObject("spec").put("token", token);
        if (!audiences.isEmpty()) {
            audiences.forEach(reviewSpec.putArray("audiences")::add);
        }
        ObjectNode status = review.putObject("status");
        try {
            Optional<TokenAuthenticator.Authenticated> found = authentication.authenticateToken(token,
                    audiences.isEmpty() ? authentication.apiAudiences() : audiences);
            status.put("authenticated", found.isPresent());
            found.ifPresent(user -> {
                userInfo(status.putObject("user"), user.user());
                user.audiences().forEach(status.putArray("audiences")::add);
            });
            if (found.isEmpty()) {
                status.putObject("user");
            }
        } catch (InvalidCredentials e) {
            status.put("authenticated", false);
            status.putObject("user");
            status.put("error", e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(review);
    }

    /** The review asked for, in JSON or, as kubectl sends it, protobuf. */
    private JsonNode decode(HttpServletRequest request, byte[] body, String kind) {
        if (body == null || body.length == 0) {
            throw StatusError.badRequest("the body of the request was in an unknown format - accepted media types "
                    + "include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        }
        try {
            JsonNode review = PROTOBUF.equals(mediaType(request.getContentType()))
                    ? ProtobufObjectDecoder.decode(body) : mapper.readTree(body);
            if (!review.isObject()) {
                throw StatusError.badRequest("Object '" + kind + "' is not a JSON object");
            }
            String given = review.path("kind").asString("");
            if (!given.isEmpty() && !given.equals(kind)) {
                throw StatusError.badRequest(kind + " in version \"v1\" cannot be handled as a " + given);
            }
            return review;
        } catch (JacksonException e) {
            throw StatusError.badRequest(kind + " in version \"v1\" cannot be handled as a " + kind + ": "
                    + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw StatusError.badRequest("the object provided is unrecognized (must be of type " + kind + "): "
                    + e.getMessage());
        }
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static ObjectNode review(String kind) {
        ObjectNode review = NODES.objectNode();
        review.put("kind", kind);
        review.put("apiVersion", API_VERSION);
        review.putObject("metadata").putNull("creationTimestamp");
        return review;
    }

    /** authentication.k8s.io/v1 UserInfo, whose empty fields upstream leaves out. */
    private static void userInfo(ObjectNode json, UserInfo user) {
        json.put("username", user.name());
        if (!user.uid().isEmpty()) {
            json.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            user.groups().forEach(json.putArray("groups")::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = json.putObject("extra");
            for (Map.Entry<String, List<String>> entry : user.extra().entrySet()) {
                entry.getValue().forEach(extra.putArray(entry.getKey())::add);
            }
        }
    }
}
