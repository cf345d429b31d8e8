package dev.ordinal.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.pki.ServiceAccountSigningKey;
import dev.ordinal.serviceaccount.TokenIssuer;

/**
 * ServiceAccount issuer discovery, as kube-apiserver serves it ({@code pkg/serviceaccount/openidmetadata.go}):
 * the OpenID provider configuration names the issuer of ServiceAccount tokens and where its keys
 * are, and the JWK set holds the public key that verifies them. With no
 * {@code --service-account-jwks-uri}, upstream names the keys at the server's own address, as
 * this does with the address the client reached.
 */
@RestController
class OpenIdDiscoveryHandler {

    private static final String JWKS_PATH = "/openid/v1/jwks";

    private final TokenIssuer issuer;
    private final ServiceAccountSigningKey key;
    private final JsonMapper mapper;

    OpenIdDiscoveryHandler(TokenIssuer issuer, ServiceAccountSigningKey key, JsonMapper mapper) {
        this.issuer = issuer;
        this.key = key;
        this.mapper = mapper;
    }

    @GetMapping("/.well-known/openid-configuration")
    ResponseEntity<byte[]> configuration(HttpServletRequest request) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("issuer", issuer.issuer());
        configuration.put("jwks_uri", ServletUriComponentsBuilder.fromContextPath(request).path(JWKS_PATH)
                .toUriString());
        configuration.put("response_types_supported", List.of("id_token"));
        configuration.put("subject_types_supported", List.of("public"));
        configuration.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return json("application/json", configuration);
    }

    @GetMapping(JWKS_PATH)
    ResponseEntity<byte[]> keys() {
        return json("application/jwk-set+json", new JWKSet(key.publicKey()).toJSONObject(true));
    }

    private ResponseEntity<byte[]> json(String contentType, Map<String, Object> body) {
        // Upstream lets clients cache both for an hour.
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, contentType)
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=3600")
                .body(mapper.writeValueAsBytes(body));
    }
}
