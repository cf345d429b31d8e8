package dev.ordinal.registry.cel;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import dev.ordinal.machinery.go.GoText;

import static dev.cel.common.CelOverloadDecl.newGlobalOverload;
import static dev.cel.common.CelOverloadDecl.newMemberOverload;

/**
 * Upstream's {@code library.URLs}: {@code url()}, {@code isURL()} and the accessors of a URL, which
 * accept what Go's {@code url.ParseRequestURI} accepts (an absolute URL or an absolute path).
 */
final class UrlsLibrary implements CelLibrary {

    static final OpaqueType URL = OpaqueType.create("kubernetes.URL");

    /** A parsed URL. */
    record UrlValue(URI uri) {
    }

    @Override
    public List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("url", newGlobalOverload("string_to_url", URL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isURL",
                        newGlobalOverload("is_url_string", SimpleType.BOOL, SimpleType.STRING)),
                accessor("getScheme"), accessor("getHost"), accessor("getHostname"), accessor("getPort"),
                accessor("getEscapedPath"),
                CelFunctionDecl.newFunctionDeclaration("getQuery", newMemberOverload("url_get_query",
                        MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)), URL)));
    }

    private static CelFunctionDecl accessor(String name) {
        return CelFunctionDecl.newFunctionDeclaration(name, newMemberOverload("url_" + name, SimpleType.STRING, URL));
    }

    @Override
    public List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("string_to_url", String.class, text -> parse(text).orElseThrow(() ->
                        LibraryErrors.error("URL parse error during conversion from string: parse "
                                + GoText.quote(text) + ": invalid URI for request"))),
                CelFunctionBinding.from("is_url_string", String.class, text -> parse(text).isPresent()),
                CelFunctionBinding.from("url_getScheme", UrlValue.class, url -> nonNull(url.uri().getScheme())),
                CelFunctionBinding.from("url_getHost", UrlValue.class, url -> host(url.uri())),
                CelFunctionBinding.from("url_getHostname", UrlValue.class, url -> hostname(url.uri())),
                CelFunctionBinding.from("url_getPort", UrlValue.class,
                        url -> url.uri().getPort() < 0 ? "" : String.valueOf(url.uri().getPort())),
                CelFunctionBinding.from("url_getEscapedPath", UrlValue.class, url -> nonNull(url.uri().getRawPath())),
                CelFunctionBinding.from("url_get_query", UrlValue.class, url -> query(url.uri())));
    }

    static Optional<UrlValue> parse(String text) {
        if (text.isEmpty() || text.contains(" ") || text.contains("#")) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            boolean absolutePath = !uri.isAbsolute() && text.startsWith("/");
            if (!uri.isAbsolute() && !absolutePath) {
                return Optional.empty();
            }
            return Optional.of(new UrlValue(uri));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The authority without user information: host and port, an IPv6 host in brackets. */
    private static String host(URI uri) {
        String authority = uri.getRawAuthority();
        return authority == null ? "" : authority.substring(authority.indexOf('@') + 1);
    }

    private static String hostname(URI uri) {
        String host = host(uri);
        if (host.startsWith("[")) {
            return host.substring(1, host.indexOf(']'));
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
