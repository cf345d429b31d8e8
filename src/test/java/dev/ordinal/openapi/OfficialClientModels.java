package dev.ordinal.openapi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.google.gson.annotations.SerializedName;

/**
 * What the official Java client's models know and fabric8's do not. Both are generated from
 * upstream's OpenAPI, but only the official ones keep the {@code required} lists
 * ({@code openapiRequiredFields}) and tell a {@code date-time} field ({@code OffsetDateTime}) or a
 * {@code byte} field ({@code byte[]}) apart from a plain string.
 */
final class OfficialClientModels {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** A field's JSON value as the official client types it. */
    enum Format { DATE_TIME, BYTE, OTHER }

    private final Map<String, Class<?>> bySchema = new HashMap<>();

    /** The required fields of a schema, empty when the official client has no such type. */
    Set<String> required(String schemaName) {
        Class<?> model = model(schemaName);
        if (model == null) {
            return Set.of();
        }
        try {
            Field field = model.getField("openapiRequiredFields");
            @SuppressWarnings("unchecked")
            Set<String> required = (Set<String>) field.get(null);
            return new TreeSet<>(required);
        } catch (ReflectiveOperationException e) {
            return Set.of();
        }
    }

    /** How a string field (or the values of a string list or map) is formatted upstream. */
    Format format(String schemaName, String property) {
        Class<?> model = model(schemaName);
        if (model == null) {
            return Format.OTHER;
        }
        for (Field field : model.getDeclaredFields()) {
            SerializedName name = field.getAnnotation(SerializedName.class);
            if (name != null && name.value().equals(property) && !Modifier.isStatic(field.getModifiers())) {
                return format(field.getGenericType());
            }
        }
        return Format.OTHER;
    }

    private static Format format(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Type[] arguments = parameterized.getActualTypeArguments();
            return format(arguments[arguments.length - 1]);
        }
        if (type == OffsetDateTime.class) {
            return Format.DATE_TIME;
        }
        return type == byte[].class ? Format.BYTE : Format.OTHER;
    }

    /**
     * The client's class for a schema: {@code V1StatefulSet}, or with the group in front where two
     * groups have a type of the same name ({@code CoreV1Event}, {@code EventsV1Event}).
     */
    private Class<?> model(String schemaName) {
        return bySchema.computeIfAbsent(schemaName, name -> {
            String[] parts = name.split("\\.");
            String kind = parts[parts.length - 1];
            String version = capitalize(parts[parts.length - 2]);
            String group = capitalize(parts[parts.length - 3]);
            for (String candidate : new String[] {group + version + kind, version + kind}) {
                try {
                    return Class.forName(MODELS + candidate);
                } catch (ClassNotFoundException e) {
                    // try the next spelling
                }
            }
            return null;
        });
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
