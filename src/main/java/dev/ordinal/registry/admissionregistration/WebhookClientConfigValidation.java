package dev.ordinal.registry.admissionregistration;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;

import static dev.ordinal.machinery.JsonFields.isNull;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * A webhook's {@code clientConfig}, as upstream's {@code ValidateWebhookURL} (https, a host, no user
 * information, fragment or query) and {@code ValidateWebhookService} (name, namespace, a valid
 * port, a path of DNS-1123 subdomain segments).
 */
final class WebhookClientConfigValidation {

    private static final String FORM = "; desired format: https://host[/path]";

    private WebhookClientConfigValidation() {
    }

    static List<FieldError> validate(JsonNode clientConfig, String path) {
        boolean hasUrl = !isNull(clientConfig, "url");
        boolean hasService = !isNull(clientConfig, "service");
        if (hasUrl == hasService) {
            return List.of(FieldError.required(path, "exactly one of url or service is required"));
        }
        return hasUrl ? url(text(clientConfig, "url"), path + ".url")
                : service(clientConfig.path("service"), path + ".service");
    }

    private static List<FieldError> url(String text, String path) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return List.of(FieldError.required(path, "url must be a valid URL: " + e.getMessage() + FORM));
        }
        List<FieldError> errors = new ArrayList<>();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("https")) {
            errors.add(FieldError.invalid(path, scheme, "'https' is the only allowed URL scheme" + FORM));
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String host = authority.substring(authority.indexOf('@') + 1);
        if (host.isEmpty()) {
            errors.add(FieldError.invalid(path, host, "host must be specified" + FORM));
        }
        if (uri.getRawUserInfo() != null) {
            errors.add(FieldError.invalid(path, uri.getRawUserInfo(), "user information is not permitted in the URL"));
        }
        if (uri.getRawFragment() != null && !uri.getRawFragment().isEmpty()) {
            errors.add(FieldError.invalid(path, uri.getRawFragment(), "fragments are not permitted in the URL"));
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            errors.add(FieldError.invalid(path, uri.getRawQuery(), "query parameters are not permitted in the URL"));
        }
        return errors;
    }

    private static List<FieldError> service(JsonNode service, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (text(service, "name").isEmpty()) {
            errors.add(FieldError.required(path + ".name", "service name is required"));
        }
        if (text(service, "namespace").isEmpty()) {
            errors.add(FieldError.required(path + ".namespace", "service namespace is required"));
        }
        long port = service.path("port").asLong(443);
        List<String> portProblems = Formats.portNumber(port);
        if (!portProblems.isEmpty()) {
            errors.add(FieldError.invalid(path + ".port", port, "port is not valid: " + String.join(", ", portProblems)));
        }
        if (isNull(service, "path")) {
            return errors;
        }
        String urlPath = text(service, "path");
        if (urlPath.isEmpty() || urlPath.equals("/")) {
            return errors;
        }
        if (urlPath.equals("//")) {
            errors.add(FieldError.invalid(path + ".path", urlPath, "segment[0] may not be empty"));
            return errors;
        }
        if (!urlPath.startsWith("/")) {
            errors.add(FieldError.invalid(path + ".path", urlPath, "must start with a '/'"));
        }
        // As upstream, the first character is dropped whatever it is, and one trailing slash.
        String segments = urlPath.substring(1);
        if (segments.endsWith("/")) {
            segments = segments.substring(0, segments.length() - 1);
        }
        String[] steps = segments.split("/", -1);
        for (int i = 0; i < steps.length; i++) {
            if (steps[i].isEmpty()) {
                errors.add(FieldError.invalid(path + ".path", urlPath, "segment[" + i + "] may not be empty"));
                continue;
            }
            for (String problem : Formats.dns1123Subdomain(steps[i])) {
                errors.add(FieldError.invalid(path + ".path", urlPath, "segment[" + i + "]: " + problem));
            }
        }
        return errors;
    }
}
