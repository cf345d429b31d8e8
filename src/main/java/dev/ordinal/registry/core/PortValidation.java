package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;

import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * The checks upstream's core and discovery validation make alike on the ports of containers,
 * Services, Endpoints and EndpointSlices. Each takes the port object and its path.
 */
public final class PortValidation {

    /** Upstream {@code supportedPortProtocols}. */
    private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");

    private PortValidation() {
    }

    /** The name: required where it tells several ports apart, and a DNS-1123 label when set. */
    public static List<FieldError> name(JsonNode port, boolean required, String path) {
        String name = text(port, "name");
        if (required && name.isEmpty()) {
            return List.of(FieldError.required(path + ".name", ""));
        }
        List<FieldError> errors = new ArrayList<>();
        if (!name.isEmpty()) {
            Formats.dns1123Label(name).forEach(problem -> errors.add(FieldError.invalid(path + ".name", name, problem)));
        }
        return errors;
    }

    /** The number, upstream {@code IsValidPortNum}. */
    static List<FieldError> number(JsonNode port, String path) {
        long number = port.path("port").asLong(0);
        return Formats.portNumber(number).stream().map(problem -> FieldError.invalid(path + ".port", number, problem))
                .toList();
    }

    /** The protocol: required, and one upstream supports. */
    public static List<FieldError> protocol(JsonNode port, String path) {
        String protocol = text(port, "protocol");
        if (protocol.isEmpty()) {
            return List.of(FieldError.required(path + ".protocol", ""));
        }
        return PROTOCOLS.contains(protocol) ? List.of()
                : List.of(FieldError.notSupported(path + ".protocol", protocol, PROTOCOLS));
    }

    /** An appProtocol that is set: upstream {@code ValidateQualifiedName}. */
    public static List<FieldError> appProtocol(JsonNode port, String path) {
        if (isUnset(port, "appProtocol")) {
            return List.of();
        }
        String appProtocol = text(port, "appProtocol");
        return Formats.qualifiedName(appProtocol).stream()
                .map(problem -> FieldError.invalid(path + ".appProtocol", appProtocol, problem)).toList();
    }
}
