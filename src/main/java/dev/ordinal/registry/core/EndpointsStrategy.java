package dev.ordinal.registry.core;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * Endpoints (upstream {@code pkg/registry/core/endpoint}): ports default to TCP, and
 * {@code ValidateEndpoints}: every subset has addresses, each a usable IP, and well-formed ports.
 */
final class EndpointsStrategy implements Strategy {

    @Override
    public void applyDefaults(Unstructured endpoints) {
        for (ObjectNode subset : objects(endpoints.json(), "subsets")) {
            objects(subset, "ports").forEach(port -> defaultText(port, "protocol", "TCP"));
        }
    }

    @Override
    public List<FieldError> validate(Unstructured endpoints) {
        List<FieldError> errors = new ArrayList<>();
        List<ObjectNode> subsets = objects(endpoints.json(), "subsets");
        for (int i = 0; i < subsets.size(); i++) {
            ObjectNode subset = subsets.get(i);
            String path = "subsets[" + i + "]";
            if (subset.path("addresses").isEmpty() && subset.path("notReadyAddresses").isEmpty()) {
                errors.add(FieldError.required(path, "must specify `addresses` or `notReadyAddresses`"));
            }
            for (String list : List.of("addresses", "notReadyAddresses")) {
                List<ObjectNode> addresses = objects(subset, list);
                for (int j = 0; j < addresses.size(); j++) {
                    errors.addAll(address(addresses.get(j), path + "." + list + "[" + j + "]"));
                }
            }
            List<ObjectNode> ports = objects(subset, "ports");
            for (int j = 0; j < ports.size(); j++) {
                errors.addAll(port(ports.get(j), ports.size() > 1, path + ".ports[" + j + "]"));
            }
        }
        return errors;
    }

    private static List<FieldError> address(ObjectNode address, String path) {
        String ip = text(address, "ip");
        List<FieldError> errors = new ArrayList<>(Formats.ip(path + ".ip", ip));
        String hostname = text(address, "hostname");
        if (!hostname.isEmpty()) {
            Formats.dns1123Label(hostname).forEach(problem ->
                    errors.add(FieldError.invalid(path + ".hostname", hostname, problem)));
        }
        JsonNode nodeName = address.path("nodeName");
        if (nodeName.isString()) {
            Formats.dns1123Subdomain(nodeName.stringValue()).forEach(problem ->
                    errors.add(FieldError.invalid(path + ".nodeName", nodeName.stringValue(), problem)));
        }
        errors.addAll(Formats.nonSpecialIp(path + ".ip", ip));
        return errors;
    }

    /** Upstream {@code validateEndpointPort}. */
    private static List<FieldError> port(ObjectNode port, boolean nameRequired, String path) {
        List<FieldError> errors = new ArrayList<>(PortValidation.name(port, nameRequired, path));
        errors.addAll(PortValidation.number(port, path));
        errors.addAll(PortValidation.protocol(port, path));
        errors.addAll(PortValidation.appProtocol(port, path));
        return errors;
    }
}
