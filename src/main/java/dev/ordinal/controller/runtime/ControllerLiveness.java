package dev.ordinal.controller.runtime;

import java.util.List;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Liveness of the controllers: DOWN once an informer's thread or a controller's worker ended while
 * it should run, since nothing restarts it and the process would keep answering without ever
 * acting on a change again, as kube-controller-manager's healthz fails with a controller. In the
 * liveness health group, so {@code /livez} fails with it.
 */
@Component("controllers")
class ControllerLiveness implements HealthIndicator {

    private final SharedInformerFactory informers;

    ControllerLiveness(SharedInformerFactory informers) {
        this.informers = informers;
    }

    @Override
    public Health health() {
        List<String> dead = informers.deadThreads();
        return dead.isEmpty() ? Health.up().build() : Health.down().withDetail("deadThreads", dead).build();
    }
}
