package dev.ordinal.machinery.volume;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which StorageClass is the default, as upstream's {@code storageclass.GetDefaultClass}: a class
 * annotated as default (GA or beta annotation); of several, the newest, then the first by name.
 * The DefaultStorageClass admission plugin and the PV controller both ask, and must agree.
 */
public final class DefaultStorageClasses {

    public static final String IS_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
    public static final String BETA_IS_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class";

    private DefaultStorageClasses() {
    }

    public static boolean isDefault(Map<String, String> annotations) {
        return "true".equals(annotations.get(IS_DEFAULT_CLASS)) || "true".equals(annotations.get(BETA_IS_DEFAULT_CLASS));
    }

    /**
     * The default of {@code classes}, however a caller holds them: {@code annotations},
     * {@code creationTimestamp} (RFC 3339, so text order is time order) and {@code name} read one.
     */
    public static <T> Optional<T> choose(Collection<T> classes, Function<T, Map<String, String>> annotations,
                                         Function<T, String> creationTimestamp, Function<T, String> name) {
        return classes.stream().filter(c -> isDefault(annotations.apply(c)))
                .min(Comparator.comparing(creationTimestamp).reversed().thenComparing(name));
    }
}
