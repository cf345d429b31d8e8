package dev.ordinal.registry.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.FieldError;
import dev.ordinal.machinery.Formats;

import static dev.ordinal.machinery.JsonFields.isUnset;
import static dev.ordinal.machinery.JsonFields.objects;
import static dev.ordinal.machinery.JsonFields.text;

/**
 * The checks upstream's {@code validateContainers} and {@code validateInitContainers} make on a
 * pod's containers: names, images, ports, environment, volume mounts, pull policy, resources and
 * probes, with upstream's field paths and messages.
 */
final class ContainerValidation {

    private static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> TERMINATION_MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
    private static final List<String> STANDARD_CONTAINER_RESOURCES = List.of("cpu", "memory", "ephemeral-storage");
    private static final List<String> HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc", "sleep");

    private ContainerValidation() {
    }

    /** {@code spec.containers}: at least one, unique names, probes and lifecycle allowed. */
    static List<FieldError> containers(JsonNode spec, Set<String> volumes) {
        List<FieldError> errors = new ArrayList<>();
        List<ObjectNode> containers = objects(spec, "containers");
        if (containers.isEmpty()) {
            errors.add(FieldError.required("spec.containers", ""));
            return errors;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            ObjectNode container = containers.get(i);
            String path = "spec.containers[" + i + "]";
            errors.addAll(common(container, path, volumes));
            String name = text(container, "name");
            if (!names.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
            errors.addAll(lifecycleAndProbes(container, path));
            if (container.has("restartPolicy") && !container.get("restartPolicy").isNull()) {
                errors.add(FieldError.forbidden(path + ".restartPolicy", "may not be set for non-init containers"));
            }
        }
        errors.addAll(hostPortConflicts(containers, "spec.containers"));
        return errors;
    }

    /**
     * {@code spec.initContainers}: names unique across all containers; probes and lifecycle only
     * for restartable (sidecar) ones.
     */
    static List<FieldError> initContainers(JsonNode spec, Set<String> volumes) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        objects(spec, "containers").forEach(container -> names.add(text(container, "name")));
        List<ObjectNode> containers = objects(spec, "initContainers");
        for (int i = 0; i < containers.size(); i++) {
            ObjectNode container = containers.get(i);
            String path = "spec.initContainers[" + i + "]";
            errors.addAll(common(container, path, volumes));
            boolean restartable = false;
            if (!isUnset(container, "restartPolicy")) {
                String restartPolicy = text(container, "restartPolicy");
                if (restartPolicy.equals("Always")) {
                    restartable = true;
                } else {
                    errors.add(FieldError.notSupported(path + ".restartPolicy", restartPolicy, List.of("Always")));
                }
            }
            String name = text(container, "name");
            if (names.contains(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            } else if (!name.isEmpty()) {
                names.add(name);
            }
            errors.addAll(hostPortConflicts(List.of(container), "spec.initContainers"));
            if (restartable) {
                errors.addAll(lifecycleAndProbes(container, path));
            } else {
                for (String field : List.of("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")) {
                    if (container.path(field).isObject()) {
                        errors.add(FieldError.forbidden(path + "." + field,
                                "may not be set for init containers without restartPolicy=Always"));
                    }
                }
            }
        }
        return errors;
    }

    /**
     * Fields of an ephemeral container outside upstream's {@code allowedEphemeralContainerFields}:
     * what a debugging container must not be relied upon for (ports, probes, lifecycle, resources).
     */
    private static final List<String> NOT_FOR_EPHEMERAL_CONTAINERS = List.of("ports", "resources", "resizePolicy",
            "restartPolicy", "lifecycle", "livenessProbe", "readinessProbe", "startupProbe");

    /**
     * Upstream {@code validateEphemeralContainers}: each as a container, its name unique across
     * every container of the pod, its target a regular or init container, none of the fields
     * ephemeral containers may not set, no {@code subPath} mounts.
     */
    static List<FieldError> ephemeralContainers(JsonNode spec, Set<String> volumes) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> others = new HashSet<>();
        objects(spec, "containers").forEach(container -> others.add(text(container, "name")));
        objects(spec, "initContainers").forEach(container -> others.add(text(container, "name")));
        Set<String> names = new HashSet<>(others);
        List<ObjectNode> containers = objects(spec, "ephemeralContainers");
        for (int i = 0; i < containers.size(); i++) {
            ObjectNode container = containers.get(i);
            String path = "spec.ephemeralContainers[" + i + "]";
            errors.addAll(common(container, path, volumes));
            String name = text(container, "name");
            if (!names.add(name)) {
                errors.add(FieldError.duplicate(path + ".name", name));
            }
            String target = text(container, "targetContainerName");
            if (!target.isEmpty() && !others.contains(target)) {
                errors.add(FieldError.notFound(path + ".targetContainerName", target));
            }
            for (String field : NOT_FOR_EPHEMERAL_CONTAINERS) {
                // Go's zero value (an empty object or list) is as good as unset.
                JsonNode value = container.get(field);
                if (!isUnset(container, field) && !(value.isContainer() && value.isEmpty())) {
                    errors.add(FieldError.forbidden(path + "." + field, "cannot be set for an Ephemeral Container"));
                }
            }
            List<ObjectNode> mounts = objects(container, "volumeMounts");
            for (int m = 0; m < mounts.size(); m++) {
                for (String field : List.of("subPath", "subPathExpr")) {
                    if (!text(mounts.get(m), field).isEmpty()) {
                        errors.add(FieldError.forbidden(path + ".volumeMounts[" + m + "]." + field,
                                "cannot be set for an Ephemeral Container"));
                    }
                }
            }
        }
        return errors;
    }

    /** Upstream {@code validateContainerCommon}. */
    private static List<FieldError> common(ObjectNode container, String path, Set<String> volumes) {
        List<FieldError> errors = new ArrayList<>();
        String name = text(container, "name");
        if (name.isEmpty()) {
            errors.add(FieldError.required(path + ".name", ""));
        } else {
            Formats.dns1123Label(name).forEach(problem -> errors.add(FieldError.invalid(path + ".name", name, problem)));
        }
        if (text(container, "image").isEmpty()) {
            errors.add(FieldError.required(path + ".image", ""));
        }
        String terminationMessagePolicy = text(container, "terminationMessagePolicy");
        if (terminationMessagePolicy.isEmpty()) {
            errors.add(FieldError.required(path + ".terminationMessagePolicy", ""));
        } else if (!TERMINATION_MESSAGE_POLICIES.contains(terminationMessagePolicy)) {
            errors.add(FieldError.notSupported(path + ".terminationMessagePolicy", terminationMessagePolicy,
                    TERMINATION_MESSAGE_POLICIES));
        }
        errors.addAll(ports(container, path + ".ports"));
        errors.addAll(env(container, path + ".env"));
        errors.addAll(volumeMounts(container, path + ".volumeMounts", volumes));
        String pullPolicy = text(container, "imagePullPolicy");
        if (pullPolicy.isEmpty()) {
            errors.add(FieldError.required(path + ".imagePullPolicy", ""));
        } else if (!PULL_POLICIES.contains(pullPolicy)) {
            errors.add(FieldError.notSupported(path + ".imagePullPolicy", pullPolicy, PULL_POLICIES));
        }
        errors.addAll(resources(container.path("resources"), path + ".resources"));
        return errors;
    }

    private static List<FieldError> ports(ObjectNode container, String path) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<ObjectNode> ports = objects(container, "ports");
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = ports.get(i);
            String portPath = path + "[" + i + "]";
            String name = text(port, "name");
            if (!name.isEmpty()) {
                List<String> problems = Formats.portName(name);
                if (!problems.isEmpty()) {
                    problems.forEach(problem -> errors.add(FieldError.invalid(portPath + ".name", name, problem)));
                } else if (!names.add(name)) {
                    errors.add(FieldError.duplicate(portPath + ".name", name));
                }
            }
            long containerPort = port.path("containerPort").asLong(0);
            if (containerPort == 0) {
                errors.add(FieldError.required(portPath + ".containerPort", ""));
            } else {
                Formats.portNumber(containerPort).forEach(problem ->
                        errors.add(FieldError.invalid(portPath + ".containerPort", containerPort, problem)));
            }
            long hostPort = port.path("hostPort").asLong(0);
            if (hostPort != 0) {
                Formats.portNumber(hostPort).forEach(problem ->
                        errors.add(FieldError.invalid(portPath + ".hostPort", hostPort, problem)));
            }
            errors.addAll(PortValidation.protocol(port, portPath));
        }
        return errors;
    }

    /** Upstream {@code ValidateEnv} with the relaxed variable names of 1.32 (any printable ASCII but '='). */
    private static List<FieldError> env(ObjectNode container, String path) {
        List<FieldError> errors = new ArrayList<>();
        List<ObjectNode> variables = objects(container, "env");
        for (int i = 0; i < variables.size(); i++) {
            ObjectNode variable = variables.get(i);
            String variablePath = path + "[" + i + "]";
            String name = text(variable, "name");
            if (name.isEmpty()) {
                errors.add(FieldError.required(variablePath + ".name", ""));
            } else if (!name.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '=')) {
                errors.add(FieldError.invalid(variablePath + ".name", name, "a valid environment variable name must "
                        + "consist only of printable ASCII characters other than '='"));
            }
            if (variable.get("valueFrom") instanceof ObjectNode valueFrom) {
                errors.addAll(valueFrom(valueFrom, !text(variable, "value").isEmpty(), variablePath + ".valueFrom"));
            }
        }
        return errors;
    }

    private static List<FieldError> valueFrom(ObjectNode valueFrom, boolean hasValue, String path) {
        List<FieldError> errors = new ArrayList<>();
        int sources = 0;
        for (String source : List.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")) {
            if (valueFrom.path(source).isObject()) {
                sources++;
            }
        }
        if (valueFrom.path("fieldRef").isObject() && isUnset(valueFrom.get("fieldRef"), "fieldPath")) {
            errors.add(FieldError.required(path + ".fieldRef.fieldPath", ""));
        }
        if (valueFrom.path("resourceFieldRef").isObject() && isUnset(valueFrom.get("resourceFieldRef"), "resource")) {
            errors.add(FieldError.required(path + ".resourceFieldRef.resource", ""));
        }
        for (String keyRef : List.of("configMapKeyRef", "secretKeyRef")) {
            if (valueFrom.path(keyRef).isObject() && isUnset(valueFrom.get(keyRef), "key")) {
                errors.add(FieldError.required(path + "." + keyRef + ".key", ""));
            }
        }
        if (sources == 0) {
            errors.add(FieldError.invalid(path, "",
                    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        } else if (hasValue) {
            errors.add(FieldError.invalid(path, "", "may not be specified when `value` is not empty"));
        } else if (sources > 1) {
            errors.add(FieldError.invalid(path, "", "may not have more than one field specified at a time"));
        }
        return errors;
    }

    private static List<FieldError> volumeMounts(ObjectNode container, String path, Set<String> volumes) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> mountPaths = new HashSet<>();
        List<ObjectNode> mounts = objects(container, "volumeMounts");
        for (int i = 0; i < mounts.size(); i++) {
            ObjectNode mount = mounts.get(i);
            String mountPath = path + "[" + i + "]";
            String name = text(mount, "name");
            if (name.isEmpty()) {
                errors.add(FieldError.required(mountPath + ".name", ""));
            }
            if (!volumes.contains(name)) {
                errors.add(new FieldError(FieldError.Type.NOT_FOUND, mountPath + ".name", name, ""));
            }
            String target = text(mount, "mountPath");
            if (target.isEmpty()) {
                errors.add(FieldError.required(mountPath + ".mountPath", ""));
            }
            if (!mountPaths.add(target)) {
                errors.add(FieldError.invalid(mountPath + ".mountPath", target, "must be unique"));
            }
        }
        return errors;
    }

    /**
     * Upstream {@code ValidateContainerResourceRequirements}: standard names, well-formed
     * non-negative amounts, requests no larger than limits (equal for huge pages).
     */
    private static List<FieldError> resources(JsonNode resources, String path) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        Map<String, JsonNode> limitValues = new TreeMap<>();
        resources.path("limits").properties().forEach(e -> limitValues.put(e.getKey(), e.getValue()));
        for (var limit : limitValues.entrySet()) {
            String limitPath = path + ".limits[" + limit.getKey() + "]";
            errors.addAll(resourceName(limit.getKey(), limitPath));
            errors.addAll(Quantities.nonNegative(limitPath, limit.getValue()));
            BigDecimal amount = Quantities.amount(limit.getValue());
            if (amount != null) {
                limits.put(limit.getKey(), amount);
            }
        }
        Map<String, JsonNode> requestValues = new TreeMap<>();
        resources.path("requests").properties().forEach(e -> requestValues.put(e.getKey(), e.getValue()));
        for (var request : requestValues.entrySet()) {
            String resource = request.getKey();
            String requestPath = path + ".requests[" + resource + "]";
            errors.addAll(resourceName(resource, requestPath));
            errors.addAll(Quantities.nonNegative(requestPath, request.getValue()));
            BigDecimal amount = Quantities.amount(request.getValue());
            BigDecimal limit = limits.get(resource);
            boolean overcommitAllowed = !resource.startsWith("hugepages-");
            String requested = request.getValue().asString("");
            if (amount != null && limit != null) {
                String limitText = limitValues.get(resource).asString("");
                if (!overcommitAllowed && amount.compareTo(limit) != 0) {
                    errors.add(FieldError.invalid(path + ".requests", requested,
                            "must be equal to " + resource + " limit of " + limitText));
                } else if (amount.compareTo(limit) > 0) {
                    errors.add(FieldError.invalid(path + ".requests", requested,
                            "must be less than or equal to " + resource + " limit of " + limitText));
                }
            } else if (!overcommitAllowed && !limitValues.containsKey(resource)) {
                errors.add(FieldError.required(path + ".limits", "Limit must be set for non overcommitable resources"));
            }
        }
        return errors;
    }

    /** Upstream {@code validateContainerResourceName}, for the unprefixed names a pod can use. */
    private static List<FieldError> resourceName(String name, String path) {
        List<String> problems = Formats.qualifiedName(name);
        if (!problems.isEmpty()) {
            return problems.stream().map(problem -> FieldError.invalid(path, name, problem)).toList();
        }
        if (!name.contains("/") && !STANDARD_CONTAINER_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
            return List.of(FieldError.invalid(path, name, "must be a standard resource for containers"));
        }
        return List.of();
    }

    private static List<FieldError> lifecycleAndProbes(ObjectNode container, String path) {
        List<FieldError> errors = new ArrayList<>();
        for (String hook : List.of("postStart", "preStop")) {
            if (container.path("lifecycle").get(hook) instanceof ObjectNode handler) {
                errors.addAll(handler(handler, path + ".lifecycle." + hook));
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            if (container.get(probe) instanceof ObjectNode handler) {
                errors.addAll(probe(probe, handler, path + "." + probe));
            }
        }
        return errors;
    }

    private static List<FieldError> probe(String kind, ObjectNode probe, String path) {
        List<FieldError> errors = new ArrayList<>(handler(probe, path));
        for (String field : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                "failureThreshold")) {
            long value = probe.path(field).asLong(0);
            if (value < 0) {
                errors.add(FieldError.invalid(path + "." + field, value, "must be greater than or equal to 0"));
            }
        }
        JsonNode grace = probe.path("terminationGracePeriodSeconds");
        if (grace.isNumber() && grace.asLong() <= 0) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", grace.asLong(),
                    "must be greater than 0"));
        }
        if (!kind.equals("readinessProbe") && probe.path("successThreshold").asLong(0) != 1) {
            errors.add(FieldError.invalid(path + ".successThreshold", probe.path("successThreshold").asLong(0),
                    "must be 1"));
        }
        if (kind.equals("readinessProbe") && grace.isNumber()) {
            errors.add(FieldError.invalid(path + ".terminationGracePeriodSeconds", grace.asLong(),
                    "must not be set for readinessProbes"));
        }
        return errors;
    }

    /** Exactly one of exec, httpGet, tcpSocket, grpc or sleep, each well formed. */
    private static List<FieldError> handler(ObjectNode handler, String path) {
        List<FieldError> errors = new ArrayList<>();
        int handlers = 0;
        for (String type : HANDLERS) {
            if (!(handler.get(type) instanceof ObjectNode action)) {
                continue;
            }
            if (handlers++ > 0) {
                errors.add(FieldError.forbidden(path + "." + type, "may not specify more than 1 handler type"));
                continue;
            }
            String actionPath = path + "." + type;
            switch (type) {
                case "exec" -> {
                    if (action.path("command").isEmpty()) {
                        errors.add(FieldError.required(actionPath + ".command", ""));
                    }
                }
                case "httpGet" -> {
                    if (text(action, "path").isEmpty()) {
                        errors.add(FieldError.required(actionPath + ".path", ""));
                    }
                    errors.addAll(portNumberOrName(action.path("port"), actionPath + ".port"));
                    String scheme = text(action, "scheme");
                    if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                        errors.add(FieldError.notSupported(actionPath + ".scheme", scheme, List.of("HTTP", "HTTPS")));
                    }
                }
                case "tcpSocket" -> errors.addAll(portNumberOrName(action.path("port"), actionPath + ".port"));
                case "grpc" -> Formats.portNumber(action.path("port").asLong(0)).forEach(problem ->
                        errors.add(FieldError.invalid(actionPath + ".port", action.path("port").asLong(0), problem)));
                default -> {
                }
            }
        }
        if (handlers == 0) {
            errors.add(FieldError.required(path, "must specify a handler type"));
        }
        return errors;
    }

    /** Upstream {@code ValidatePortNumOrName} for an int-or-string port. */
    static List<FieldError> portNumberOrName(JsonNode port, String path) {
        if (port.isString()) {
            String name = port.stringValue();
            return Formats.portName(name).stream().map(problem -> FieldError.invalid(path, name, problem)).toList();
        }
        long number = port.asLong(0);
        return Formats.portNumber(number).stream().map(problem -> FieldError.invalid(path, number, problem)).toList();
    }

    /** Upstream {@code checkHostPortConflicts}: one host port per protocol and host IP. */
    private static List<FieldError> hostPortConflicts(List<ObjectNode> containers, String path) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < containers.size(); i++) {
            List<ObjectNode> ports = objects(containers.get(i), "ports");
            for (int j = 0; j < ports.size(); j++) {
                ObjectNode port = ports.get(j);
                long hostPort = port.path("hostPort").asLong(0);
                if (hostPort == 0) {
                    continue;
                }
                String key = text(port, "protocol") + "/" + text(port, "hostIP") + "/" + hostPort;
                if (!seen.add(key)) {
                    errors.add(FieldError.duplicate(path + "[" + i + "].ports[" + j + "].hostPort", key));
                }
            }
        }
        return errors;
    }
}
