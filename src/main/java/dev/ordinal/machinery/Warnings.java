package dev.ordinal.machinery;

import java.util.function.Consumer;

/**
 * The warnings of the request the current thread serves, upstream's {@code warning.AddWarning}
 * on the request's context: whoever serves a request installs a recorder for its duration (the
 * API layer turns each warning into a {@code Warning: 299} response header), and anything beneath,
 * admission among them, adds to it. Outside a request, warnings go nowhere.
 */
public final class Warnings {

    private static final ThreadLocal<Consumer<String>> RECORDER = new ThreadLocal<>();

    private Warnings() {
    }

    /** Adds a warning to the current request's, if there is one. */
    public static void add(String text) {
        Consumer<String> recorder = RECORDER.get();
        if (recorder != null) {
            recorder.accept(text);
        }
    }

    /** Sends this thread's warnings to {@code recorder} until the returned scope is closed. */
    public static Scope recordTo(Consumer<String> recorder) {
        Consumer<String> previous = RECORDER.get();
        RECORDER.set(recorder);
        return () -> {
            if (previous == null) {
                RECORDER.remove();
            } else {
                RECORDER.set(previous);
            }
        };
    }

    /** The time a recorder is installed. */
    public interface Scope extends AutoCloseable {

        @Override
        void close();
    }
}
