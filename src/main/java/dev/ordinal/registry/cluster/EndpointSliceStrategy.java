package dev.ordinal.registry.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.rest.Strategy;
import dev.ordinal.registry.core.PortValidation;
import dev.ordinal.registry.core.SemanticEquality;

import static dev.ordinal.machinery.JsonFields.defaultText;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.strings;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * EndpointSlices (upstream {@code pkg/registry/discovery/endpointslice}): ports named {@code ""}
 * and TCP by default, a generation that counts every change but metadata's (labels excepted),
 * and {@code ValidateEndpointSlice}: an address type that never changes, one to a hundred
 * addresses of that type per endpoint, and unique, well-formed ports.
 */
final class EndpointSliceStrategy implements Strategy {

    private static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");
    private static final int MAX_ENDPOINTS = 1000;
    private static final int MAX_ADDRESSES = 100;
    private static final int MAX_PORTS = 20000;

    @Override
    public void applyDefaults(Unstructured slice) {
        for (ObjectNode port : objects(slice.json(), "ports")) {
            if (!port.path("name").isString()) {
                port.put("name", "");
            }
            defaultText(port, "protocol", "TCP");
        }
    }

    @Override
    public void prepareForCreate(Unstructured slice) {
        slice.setGeneration(1);
    }

    /** Upstream compares the whole slice but for metadata, and the labels. */
    @Override
    public void prepareForUpdate(Unstructured slice, Unstructured old) {
        ObjectNode content = slice.json().deepCopy();
        ObjectNode oldContent = old.json().deepCopy();
        content.remove("metadata");
        oldContent.remove("metadata");
        if (!SemanticEquality.equal(content, oldContent)
                || !SemanticEquality.equal(slice.metadata().path("labels"), old.metadata().path("labels"))) {
            slice.setGeneration(old.generation() + 1);
        }
    }

    @Override
    public List<FieldError> validate(Unstructured slice) {
        ObjectNode json = slice.json();
        List<FieldError> errors = new ArrayList<>();
        String addressType = text(json, "addressType");
        if (addressType.isEmpty()) {
            errors.add(FieldError.required("addressType", ""));
        } else if (!ADDRESS_TYPES.contains(addressType)) {
            errors.add(FieldError.notSupported("addressType", addressType, ADDRESS_TYPES));
        }
        errors.addAll(endpoints(objects(json, "endpoints"), addressType));
        errors.addAll(ports(objects(json, "ports")));
        return errors;
    }

    @Override
    public List<FieldError> validateUpdate(Unstructured slice, Unstructured old) {
        List<FieldError> errors = new ArrayList<>(validate(slice));
        String addressType = text(slice.json(), "addressType");
        if (!addressType.equals(text(old.json(), "addressType"))) {
            errors.add(FieldError.invalid("addressType", addressType, "field is immutable"));
        }
        return errors;
    }

    private static List<FieldError> endpoints(List<ObjectNode> endpoints, String addressType) {
        List<FieldError> errors = new ArrayList<>();
        if (endpoints.size() > MAX_ENDPOINTS) {
            errors.add(new FieldError(FieldError.Type.TOO_MANY, "endpoints", endpoints.size(),
                    "must have at most " + MAX_ENDPOINTS + " items"));
            return errors;
        }
        for (int i = 0; i < endpoints.size(); i++) {
            ObjectNode endpoint = endpoints.get(i);
            String path = "endpoints[" + i + "]";
            List<String> addresses = strings(endpoint, "addresses");
            if (addresses.isEmpty()) {
                errors.add(FieldError.required(path + ".addresses", "must contain at least 1 address"));
            } else if (addresses.size() > MAX_ADDRESSES) {
                errors.add(new FieldError(FieldError.Type.TOO_MANY, path + ".addresses", addresses.size(),
                        "must have at most " + MAX_ADDRESSES + " items"));
            }
            for (int j = 0; j < addresses.size(); j++) {
                errors.addAll(address(addresses.get(j), addressType, path + ".addresses[" + j + "]"));
            }
            JsonNode nodeName = endpoint.path("nodeName");
            if (nodeName.isString()) {
                Formats.dns1123Subdomain(nodeName.stringValue()).forEach(problem ->
                        errors.add(FieldError.invalid(path + ".nodeName", nodeName.stringValue(), problem)));
            }
            JsonNode hostname = endpoint.path("hostname");
            if (hostname.isString()) {
                Formats.dns1123Label(hostname.stringValue()).forEach(problem ->
                        errors.add(FieldError.invalid(path + ".hostname", hostname.stringValue(), problem)));
            }
        }
        return errors;
    }

    /** An address checked by the slice's type; addresses of unknown types are not checked, as upstream. */
    private static List<FieldError> address(String address, String addressType, String path) {
        return switch (addressType) {
            case "IPv4", "IPv6" -> {
                boolean ipv6 = address.contains(":");
                List<FieldError> format = Formats.ip(path, address);
                if (!format.isEmpty() || ipv6 != addressType.equals("IPv6")) {
                    yield List.of(FieldError.invalid(path, address, "must be a valid " + addressType + " address"));
                }
                yield Formats.nonSpecialIp(path, address);
            }
            case "FQDN" -> fullyQualifiedDomainName(address, path);
            default -> List.of();
        };
    }

    /** Upstream {@code IsFullyQualifiedDomainName}: a subdomain of at least two labels, trailing dot allowed. */
    private static List<FieldError> fullyQualifiedDomainName(String address, String path) {
        if (address.isEmpty()) {
            return List.of(FieldError.required(path, ""));
        }
        String name = address.endsWith(".") ? address.substring(0, address.length() - 1) : address;
        List<String> problems = Formats.dns1123Subdomain(name);
        if (!problems.isEmpty()) {
            return List.of(FieldError.invalid(path, name, String.join(",", problems)));
        }
        return name.contains(".") ? List.of()
                : List.of(FieldError.invalid(path, name, "should be a domain with at least two segments separated by dots"));
    }

    private static List<FieldError> ports(List<ObjectNode> ports) {
        List<FieldError> errors = new ArrayList<>();
        if (ports.size() > MAX_PORTS) {
            errors.add(new FieldError(FieldError.Type.TOO_MANY, "ports", ports.size(),
                    "must have at most " + MAX_PORTS + " items"));
            return errors;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = ports.get(i);
            String path = "ports[" + i + "]";
            errors.addAll(PortValidation.name(port, false, path));
            String name = text(port, "name");
            if (!names.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
            errors.addAll(PortValidation.protocol(port, path));
            errors.addAll(PortValidation.appProtocol(port, path));
        }
        return errors;
    }
}
