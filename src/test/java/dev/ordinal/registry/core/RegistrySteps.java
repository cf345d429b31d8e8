package dev.ordinal.registry.core;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.registry.rest.Subresource;
import dev.ordinal.registry.rest.WriteOptions;
import dev.ordinal.testing.MemoryRegistry;

/**
 * Writes one kind through the real {@link GenericRegistry} over the in-memory store
 * ({@link MemoryRegistry}), so a strategy test sees what a client would: the registry's own hook
 * order (metadata rules, status kept or reset, defaults, preparation, validation, generation)
 * rather than a copy of it that could drift. One instance per test, holding the objects it wrote.
 *
 * <p>The {@code ...Errors} methods are dry runs, as {@code dryRun=All}: every step but storage, so
 * a test may try several writes on the same stored object. They answer the messages of a 422's
 * causes, or nothing when the write would succeed; any other refusal (a conflict, say) is thrown.
 */
public final class RegistrySteps {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final WriteOptions WRITE = WriteOptions.defaults();
    private static final WriteOptions DRY_RUN = new WriteOptions(true, "", "");
    private static final String DEFAULT_NAMESPACE = "default";

    private final MemoryRegistry memory;
    private final ResourceDefinition definition;

    public RegistrySteps(ResourceDefinition definition) {
        this(new MemoryRegistry(), definition);
    }

    /** For a definition built on the registry's store or clock. */
    public RegistrySteps(MemoryRegistry memory, ResourceDefinition definition) {
        this.memory = memory;
        this.definition = definition;
    }

    public MemoryRegistry memory() {
        return memory;
    }

    public static Unstructured object(String json) {
        return new Unstructured((ObjectNode) JSON.readTree(json));
    }

    public static JsonNode tree(String json) {
        return JSON.readTree(json);
    }

    /** A node as a client reads it back: numbers in their smallest type, so 30L equals 30. */
    public static JsonNode asRead(JsonNode node) {
        return JSON.readTree(JSON.writeValueAsString(node));
    }

    /** A copy of a stored object changed as a client changes what it read before writing it back. */
    public static String edited(Unstructured stored, Consumer<ObjectNode> edit) {
        ObjectNode copy = stored.json().deepCopy();
        edit.accept(copy);
        return copy.toString();
    }

    /** Creates the object (in its own namespace, or default); answers what was stored. */
    public Unstructured created(String json) {
        return create(json, WRITE);
    }

    public List<String> createErrors(String json) {
        return errors(() -> create(json, DRY_RUN));
    }

    /** Replaces the stored {@code old} with {@code json} through the main resource. */
    public Unstructured updated(Unstructured old, String json) {
        return update(old, object(json), null, WRITE);
    }

    public List<String> updateErrors(Unstructured old, String json) {
        return errors(() -> update(old, object(json), null, DRY_RUN));
    }

    /** Writes {@code status} over the stored {@code old} through the status subresource. */
    public Unstructured statusWritten(Unstructured old, String status) {
        return update(old, withStatus(old, status), Subresource.STATUS, WRITE);
    }

    public List<String> statusErrors(Unstructured old, String status) {
        return errors(() -> update(old, withStatus(old, status), Subresource.STATUS, DRY_RUN));
    }

    private Unstructured create(String json, WriteOptions options) {
        Unstructured object = object(json);
        String namespace = object.namespace().isEmpty() ? DEFAULT_NAMESPACE : object.namespace();
        return memory.registry().create(definition, namespace, object, options);
    }

    private Unstructured update(Unstructured old, Unstructured object, Subresource subresource,
                                WriteOptions options) {
        return memory.registry().update(definition, old.namespace(), old.name(), object, subresource, options);
    }

    private static Unstructured withStatus(Unstructured old, String status) {
        Unstructured object = old.deepCopy();
        object.json().set("status", tree(status));
        return object;
    }

    private static List<String> errors(Supplier<Unstructured> write) {
        try {
            write.get();
            return List.of();
        } catch (StatusError e) {
            if (e.code() != 422) {
                throw e;
            }
            return e.toStatus().path("details").path("causes").valueStream()
                    .map(cause -> cause.path("field").asString() + ": " + cause.path("message").asString())
                    .toList();
        }
    }
}
