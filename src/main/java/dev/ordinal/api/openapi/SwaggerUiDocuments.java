package dev.ordinal.api.openapi;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springdoc.core.properties.AbstractSwaggerUiConfigProperties.SwaggerUrl;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;

/**
 * Points Swagger UI at the group-version documents kubectl reads, one entry of its document
 * selector each, opening on StatefulSet's apps/v1. springdoc's own scan of our handlers would describe
 * one catch-all endpoint, not the API, so it is switched off in application.yml.
 */
@Configuration(proxyBeanMethods = false)
class SwaggerUiDocuments {

    private static final String PRIMARY = "apps/v1";

    SwaggerUiDocuments(ObjectProvider<SwaggerUiConfigProperties> swaggerUiProperties, OpenApiDocuments documents) {
        swaggerUiProperties.ifAvailable(swaggerUi -> configure(swaggerUi, documents));
    }

    private static void configure(SwaggerUiConfigProperties swaggerUi, OpenApiDocuments documents) {
        Set<SwaggerUrl> urls = new LinkedHashSet<>();
        for (String path : documents.paths()) {
            urls.add(new SwaggerUrl(apiVersion(path), "/openapi/v3/" + path, apiVersion(path)));
        }
        swaggerUi.setUrls(urls);
        swaggerUi.setUrlsPrimaryName(PRIMARY);
    }

    /** {@code api/v1} is "v1", {@code apis/apps/v1} is "apps/v1": the apiVersion users write. */
    private static String apiVersion(String path) {
        return path.startsWith("api/") ? path.substring("api/".length()) : path.substring("apis/".length());
    }
}
