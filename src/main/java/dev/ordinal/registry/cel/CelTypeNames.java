package dev.ordinal.registry.cel;

import java.util.stream.Collectors;

import dev.cel.common.types.CelType;

/** Types spelled as cel-go prints them in upstream's messages ({@code map(string, int)}, {@code optional_type(dyn)}). */
final class CelTypeNames {

    private CelTypeNames() {
    }

    static String name(CelType type) {
        return switch (type.kind()) {
            case LIST -> "list(" + name(type.parameters().get(0)) + ")";
            case MAP -> "map(" + name(type.parameters().get(0)) + ", " + name(type.parameters().get(1)) + ")";
            case OPAQUE -> type.parameters().isEmpty() ? type.name()
                    : type.name() + "(" + type.parameters().stream().map(CelTypeNames::name)
                            .collect(Collectors.joining(", ")) + ")";
            case STRUCT -> "object";
            default -> type.name();
        };
    }
}
