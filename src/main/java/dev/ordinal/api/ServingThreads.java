package dev.ordinal.api;

import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Gives the web server enough threads for both in-flight limits to be reached with some to spare,
 * so that a flood of requests runs into the limits ({@link InflightLimitFilter}: a 429 at once)
 * rather than into the thread pool, where health checks would queue behind it.
 */
@Component
class ServingThreads implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    /** Threads beyond the two limits: health checks, long-running requests, discovery. */
    private static final int SPARE_THREADS = 50;

    private final ServingProperties properties;

    ServingThreads(ServingProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        int threads = properties.maxRequestsInflight() + properties.maxMutatingRequestsInflight() + SPARE_THREADS;
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol
                    && protocol.getMaxThreads() < threads) {
                protocol.setMaxThreads(threads);
            }
        });
    }

    /** After Spring Boot's own customizer, which sets the pool from {@code server.tomcat.threads}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
