package dev.ordinal.api.openapi;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The "simulation" document of Swagger UI: Ordinal's own API under /ordinal/v1, reset, the simulated
 * clock and store snapshots.
 */
@Configuration(proxyBeanMethods = false)
class SimulationDocument {

    /** A group matches what springdoc's global {@code paths-to-match} matches: the DNS resolver is excluded. */
    @Bean
    GroupedOpenApi simulationApi() {
        return GroupedOpenApi.builder().group("simulation").displayName("Simulation control")
                .pathsToMatch("/ordinal/**").pathsToExclude("/dns/**").build();
    }
}
