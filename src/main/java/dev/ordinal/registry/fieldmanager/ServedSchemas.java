package dev.ordinal.registry.fieldmanager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The merge types of the served kinds, read from the OpenAPI documents the server serves
 * ({@code openapi/api__v1.json}, {@code openapi/apis__apps__v1.json}, ... on the classpath), one
 * group-version at a time on first use. A group-version without a document has no schema: its
 * objects are tracked as free-form and no field of them is unknown.
 */
@Component
public class ServedSchemas implements KindSchemas {

    private static final String DIRECTORY = "openapi";

    private final JsonMapper mapper;
    private final Map<String, Optional<OpenApiTypes>> byGroupVersion = new ConcurrentHashMap<>();
    private final Map<String, Optional<TypeSchema>> byKind = new ConcurrentHashMap<>();

    public ServedSchemas(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Optional<TypeSchema> forKind(String group, String version, String kind) {
        return byKind.computeIfAbsent(group + "/" + version + "/" + kind, key ->
                byGroupVersion.computeIfAbsent(file(group, version), this::load)
                        .flatMap(types -> types.forKind(group, version, kind)));
    }

    /** {@code api__v1.json} for the core group, {@code apis__apps__v1.json} for a named one. */
    private static String file(String group, String version) {
        return group.isEmpty() ? "api__" + version + ".json" : "apis__" + group + "__" + version + ".json";
    }

    private Optional<OpenApiTypes> load(String file) {
        ClassPathResource resource = new ClassPathResource(DIRECTORY + "/" + file);
        if (!resource.exists()) {
            return Optional.empty();
        }
        try (InputStream in = resource.getInputStream()) {
            return Optional.of(new OpenApiTypes(mapper.readTree(in).path("components").path("schemas")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
