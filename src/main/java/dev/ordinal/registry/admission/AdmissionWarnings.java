package dev.ordinal.registry.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * The warnings admission gives the request the current thread serves, as upstream's
 * {@code warning.AddWarning}: the HTTP layer clears them when a request starts and sends each as a
 * {@code Warning: 299} header of its response.
 */
public final class AdmissionWarnings {

    private static final ThreadLocal<List<String>> WARNINGS = ThreadLocal.withInitial(ArrayList::new);

    private AdmissionWarnings() {
    }

    static void add(String text) {
        List<String> warnings = WARNINGS.get();
        if (!warnings.contains(text)) {
            warnings.add(text);
        }
    }

    /** The warnings recorded since the last call, which forgets them. */
    public static List<String> drain() {
        List<String> warnings = List.copyOf(WARNINGS.get());
        WARNINGS.remove();
        return warnings;
    }
}
