package dev.ordinal.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.registry.authorization.Attributes;
import dev.ordinal.registry.authorization.Authorizer;
import dev.ordinal.registry.authorization.Decision;
import dev.ordinal.security.RequestUser;

/**
 * kube-apiserver's authorization filter ({@code endpoints/filters/authorization.go}): every
 * request, resource or not, is authorized for the request's user (after authentication and
 * impersonation) before anything else reads it, and refused with 403 and upstream's message
 * otherwise. With security off every request is {@code system:unsecured} in
 * {@code system:masters}, which is allowed everything; an impersonated user gets what RBAC
 * grants them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
class AuthorizationFilter extends OncePerRequestFilter {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final Authorizer authorizer;
    private final JsonMapper mapper;

    AuthorizationFilter(Authorizer authorizer, JsonMapper mapper) {
        this.authorizer = authorizer;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Attributes attributes = RequestInfo.authorizationAttributes(request, PATHS.getPathWithinApplication(request),
                RequestUser.of(request));
        Decision decision = authorizer.authorize(attributes);
        if (decision.allowed()) {
            chain.doFilter(request, response);
            return;
        }
        writeStatus(response, mapper, forbidden(attributes, decision.reason()));
    }

    /** Upstream's {@code responsewriters.Forbidden}: the refused attributes, and the authorizer's reason after them. */
    static StatusError forbidden(Attributes attributes, String reason) {
        String message = reason.isEmpty() ? attributes.forbiddenMessage()
                : attributes.forbiddenMessage() + ": " + reason;
        if (attributes.resource().isEmpty()) {
            return new StatusError(403, "Forbidden", "forbidden: " + message, null);
        }
        return StatusError.forbidden(new GroupResource(attributes.apiGroup(), attributes.resource()),
                attributes.name(), message);
    }

    /** A filter answers before content negotiation, so in JSON, which every client reads. */
    static void writeStatus(HttpServletResponse response, JsonMapper mapper, StatusError error) throws IOException {
        response.setStatus(error.code());
        response.setContentType("application/json");
        response.getOutputStream().write(mapper.writeValueAsBytes(error.toStatus()));
    }
}
