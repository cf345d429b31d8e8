package dev.ordinal.security.authentication;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.security.RequestUser;
import dev.ordinal.security.SecurityProperties;
import dev.ordinal.security.UserInfo;

/**
 * Upstream's {@code WithAuthentication}: every request is served as the user its credentials
 * name. Credentials that fail, or none, are answered 401 {@code Unauthorized}; only the health
 * checks and {@code /version} answer a request without credentials, as
 * {@code system:anonymous}, which upstream's {@code system:public-info-viewer} role lets read them.
 * After the in-flight limits, so a flood of bad credentials is refused before it is checked. With
 * security off it lets every request through as {@link UserInfo#UNSECURED}. (A setting read at
 * run time rather than a conditional bean: the packaged server starts from bean definitions Spring
 * AOT fixed at build time.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationFilter.class);
    private static final Set<String> PUBLIC_INFO = Set.of("/healthz", "/livez", "/readyz", "/version");

    private final SecurityProperties security;
    private final Authentication authentication;
    private final byte[] unauthorized;

    AuthenticationFilter(SecurityProperties security, Authentication authentication, JsonMapper mapper) {
        this.security = security;
        this.authentication = authentication;
        this.unauthorized = mapper.writeValueAsBytes(
                new StatusError(401, "Unauthorized", "Unauthorized", null).toStatus());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !security.enabled();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<UserInfo> user;
        try {
            user = authentication.authenticate(request);
        } catch (InvalidCredentials e) {
            log.debug("Unable to authenticate the request: {}", e.getMessage());
            refuse(response);
            return;
        }
        if (user.isPresent()) {
            RequestUser.set(request, user.get());
        } else if (isPublicInfo(request)) {
            RequestUser.set(request, UserInfo.ANONYMOUS);
        } else {
            refuse(response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isPublicInfo(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return PUBLIC_INFO.contains(path) || path.startsWith("/healthz/") || path.startsWith("/livez/")
                || path.startsWith("/readyz/");
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(401);
        response.setContentType("application/json");
        response.getOutputStream().write(unauthorized);
    }
}
