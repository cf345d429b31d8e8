package dev.ordinal.api;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

/** Upgrades one request to a WebSocket served by a given endpoint instance, through the servlet container. */
final class WebSocketUpgrade {

    private WebSocketUpgrade() {
    }

    /** The subprotocols the client offers in {@code Sec-WebSocket-Protocol}, in its order. */
    static List<String> offered(HttpServletRequest request) {
        return Arrays.stream(String.valueOf(request.getHeader("Sec-WebSocket-Protocol")).split(","))
                .map(String::trim).filter(token -> !token.isEmpty() && !token.equals("null")).toList();
    }

    /** Answers 101 with {@code subprotocol} echoed (none when empty) and hands the connection to {@code endpoint}. */
    static void upgrade(HttpServletRequest request, HttpServletResponse response, Endpoint endpoint,
                        String subprotocol) throws IOException {
        ServerContainer container = (ServerContainer) request.getServletContext()
                .getAttribute(ServerContainer.class.getName());
        List<String> echoed = subprotocol.isEmpty() ? List.of() : List.of(subprotocol);
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(endpoint.getClass(), request.getRequestURI())
                .subprotocols(echoed)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    public <T> T getEndpointInstance(Class<T> type) {
                        return type.cast(endpoint);
                    }

                    @Override
                    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
                        return subprotocol;
                    }
                })
                .build();
        try {
            container.upgradeHttpToWebSocket(request, response, config, Map.of());
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot upgrade to a WebSocket", e);
        }
    }
}
