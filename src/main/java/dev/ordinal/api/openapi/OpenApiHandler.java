package dev.ordinal.api.openapi;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.ordinal.machinery.StatusError;

/**
 * {@code /openapi/v3} as upstream's kube-openapi handler serves it: a root document mapping each
 * group-version to its hashed URL, and the group-version documents, cacheable forever when asked
 * for by their current hash; and {@code /openapi/v2}, the whole API in one Swagger 2.0 document,
 * as protobuf (what kubectl asks for) or JSON.
 */
@RestController
class OpenApiHandler {

    private static final String JSON = "application/json";
    /** What clients ask the protobuf v2 document by. */
    private static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    /**
     * What kube-openapi answers it as: the same name without the {@code @}, which no media type
     * parser (Go's, Spring's) accepts.
     */
    private static final String V2_PROTOBUF_ANSWERED = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private final OpenApiDocuments documents;
    private final Clock clock;

    OpenApiHandler(OpenApiDocuments documents, Clock clock) {
        this.documents = documents;
        this.clock = clock;
    }

    @GetMapping("/openapi/v3")
    ResponseEntity<byte[]> root() {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, JSON).body(documents.root());
    }

    @GetMapping("/openapi/v3/api/{version}")
    ResponseEntity<byte[]> core(@PathVariable String version, @RequestParam(required = false) String hash,
                                HttpServletRequest request) {
        return groupVersion(OpenApiDocuments.path("", version), hash, request);
    }

    @GetMapping("/openapi/v3/apis/{group}/{version}")
    ResponseEntity<byte[]> group(@PathVariable String group, @PathVariable String version,
                                 @RequestParam(required = false) String hash, HttpServletRequest request) {
        return groupVersion(OpenApiDocuments.path(group, version), hash, request);
    }

    @GetMapping("/openapi/v2")
    ResponseEntity<byte[]> v2(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        boolean protobuf = asksForProtobuf(accept);
        if (!protobuf && !acceptsJson(accept)) {
            throw StatusError.notAcceptable();
        }
        OpenApiDocuments.Document document = protobuf ? documents.swaggerProtobuf() : documents.swaggerJson();
        String etag = "\"" + document.hash() + "\"";
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, protobuf ? V2_PROTOBUF_ANSWERED : JSON);
        headers.set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        headers.setETag(etag);
        if (etag.equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
        }
        return ResponseEntity.ok().headers(headers).body(document.bytes());
    }

    /** Whether the Accept header prefers the protobuf v2 document to JSON. */
    private static boolean asksForProtobuf(String accept) {
        if (accept == null) {
            return false;
        }
        for (String entry : accept.split(",")) {
            String type = entry.split(";")[0].trim();
            if (type.equals(V2_PROTOBUF) || type.equals(V2_PROTOBUF_ANSWERED)) {
                return true;
            }
            if (type.equals(JSON)) {
                return false;
            }
        }
        return false;
    }

    private ResponseEntity<byte[]> groupVersion(String path, String hash, HttpServletRequest request) {
        OpenApiDocuments.Document document = documents.document(path).orElseThrow(StatusError::resourceNotFound);
        if (!acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            throw StatusError.notAcceptable();
        }
        String etag = "\"" + document.hash() + "\"";
        if (hash != null && !hash.isEmpty() && !hash.equals(document.hash())) {
            // An outdated hash: send the client to the current one, as upstream does.
            return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                    .header(HttpHeaders.LOCATION, OpenApiDocuments.url(path, document)).build();
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, JSON);
        headers.set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        headers.setETag(etag);
        if (hash != null && !hash.isEmpty()) {
            // The content behind a hash never changes: let clients keep it for a year.
            headers.setCacheControl("public, immutable");
            headers.set(HttpHeaders.EXPIRES, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC).plusYears(1)));
        }
        if (etag.equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
        }
        return ResponseEntity.ok().headers(headers).body(document.bytes());
    }

    /** Whether the Accept header admits JSON; the protobuf form of these documents is not served. */
    private static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String entry : accept.split(",")) {
            String type = entry.split(";")[0].trim();
            if (type.equals(JSON) || type.equals("application/*") || type.equals("*/*")) {
                return true;
            }
        }
        return false;
    }
}
