package dev.ordinal.dns;

import java.time.Clock;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The DNS record index, and the "dns" document of Swagger UI describing the HTTP resolver. */
@Configuration(proxyBeanMethods = false)
class DnsConfiguration {

    @Bean
    RecordIndex recordIndex(Clock clock) {
        return new RecordIndex(clock);
    }

    @Bean
    GroupedOpenApi dnsApi() {
        return GroupedOpenApi.builder().group("dns").displayName("Cluster DNS").pathsToMatch("/dns/**")
                .pathsToExclude("/ordinal/**").build();
    }
}
