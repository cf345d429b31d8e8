package dev.ordinal.registry.admission;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Upstream's {@code admission.ReinvocationContext}: a plugin that changed the object asks for the
 * mutating phase to run once more ({@link #requestReinvocation()}), and keeps what it needs to know
 * across both rounds under its own name ({@link #state}).
 */
public final class Reinvocation {

    private boolean reinvoking;
    private boolean requested;
    private final Map<String, Object> states = new HashMap<>();

    /** Whether this is the second round of the mutating phase. */
    public boolean isReinvoke() {
        return reinvoking;
    }

    public void requestReinvocation() {
        requested = true;
    }

    boolean requested() {
        return requested;
    }

    void startReinvoke() {
        reinvoking = true;
    }

    /** The plugin's state for this request, made on the first ask. */
    @SuppressWarnings("unchecked")
    public <T> T state(String plugin, Supplier<T> initial) {
        return (T) states.computeIfAbsent(plugin, key -> initial.get());
    }
}
