package dev.ordinal.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.ordinal.registry.GenericRegistry;
import dev.ordinal.registry.admission.AdmissionChain;
import dev.ordinal.registry.fieldmanager.FieldManager;
import dev.ordinal.registry.fieldmanager.MergeTypes;
import dev.ordinal.storage.MemoryObjectStore;
import dev.ordinal.storage.ObjectStore;

/**
 * The real {@link GenericRegistry} over a {@link MemoryObjectStore} on a manual clock, for unit
 * tests that need the registry's own steps (metadata rules, defaults, preparation, validation,
 * resourceVersion checks, deletion) without a server. Free-form managedFields (no schemas), no
 * allocators and no admission plugins: a test that needs them starts the server.
 */
public final class MemoryRegistry {

    /** Where the clock starts: a fixed instant, so timestamps in tests are known. */
    public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private final MemoryObjectStore store = new MemoryObjectStore();
    private final ManualClock clock = new ManualClock(START);
    private final GenericRegistry registry = over(store, clock);

    /** The one place a test builds a GenericRegistry: a change of its constructor is fixed here. */
    public static GenericRegistry over(ObjectStore store, Clock clock) {
        return new GenericRegistry(store, clock, List.of(), new FieldManager(MergeTypes.NONE, clock),
                new AdmissionChain(List.of()));
    }

    public GenericRegistry registry() {
        return registry;
    }

    public MemoryObjectStore store() {
        return store;
    }

    public ManualClock clock() {
        return clock;
    }
}
