package dev.ordinal.kubelet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import dev.ordinal.machinery.Unstructured;

/**
 * The environment a container's processes start with, as the kubelet's {@code makeEnvironmentVariables}
 * builds it: the image's {@code PATH}, {@code HOSTNAME}, {@code HOME}, then {@code envFrom} sources,
 * then {@code env} in order, each value's {@code $(VAR)} references expanded from what came
 * before ({@code $$(VAR)} escapes one); {@code fieldRef}, and {@code configMapKeyRef} and
 * {@code secretKeyRef} read from the ConfigMaps and Secrets the kubelet sees. A missing optional
 * source leaves the variable out; a missing required one keeps the container from starting
 * ({@link #configError}: CreateContainerConfigError).
 */
final class ContainerEnvironment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
    private static final Pattern LABEL = Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

    private ContainerEnvironment() {
    }

    /** Looks up a ConfigMap, Secret or ServiceAccount by namespace and name. */
    interface Sources {
        Optional<Unstructured> configMap(String namespace, String name);

        Optional<Unstructured> secret(String namespace, String name);

        Optional<Unstructured> serviceAccount(String namespace, String name);
    }

    static Map<String, String> of(Unstructured pod, JsonNode container, String hostname, Sources sources) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("HOSTNAME", hostname);
        environment.put("HOME", "/root");
        for (JsonNode source : container.path("envFrom")) {
            String prefix = source.path("prefix").asString("");
            if (source.has("configMapRef")) {
                sources.configMap(pod.namespace(), source.path("configMapRef").path("name").asString(""))
                        .ifPresent(map -> map.json().path("data").properties()
                                .forEach(e -> environment.put(prefix + e.getKey(), e.getValue().asString(""))));
            } else if (source.has("secretRef")) {
                sources.secret(pod.namespace(), source.path("secretRef").path("name").asString(""))
                        .ifPresent(secret -> secret.json().path("data").properties()
                                .forEach(e -> environment.put(prefix + e.getKey(), decode(e.getValue()))));
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asString("");
            if (variable.has("valueFrom")) {
                value(pod, variable.path("valueFrom"), sources).ifPresent(value -> environment.put(name, value));
            } else {
                environment.put(name, expand(variable.path("value").asString(""), environment));
            }
        }
        return environment;
    }

    /**
     * Why the kubelet cannot make the container's environment, with its message
     * ({@code kuberuntime}'s CreateContainerConfigError): a ConfigMap or Secret that an
     * {@code envFrom} or a key reference needs is missing, or the key is. Empty when nothing is.
     */
    static Optional<String> configError(Unstructured pod, JsonNode container, Sources sources) {
        for (JsonNode source : container.path("envFrom")) {
            for (String kind : new String[] {"configMapRef", "secretRef"}) {
                JsonNode ref = source.path(kind);
                if (!ref.isMissingNode() && !ref.path("optional").asBoolean(false)) {
                    boolean secret = kind.equals("secretRef");
                    String name = ref.path("name").asString("");
                    if (lookUp(pod, secret, name, sources).isEmpty()) {
                        return Optional.of(notFound(secret, name));
                    }
                }
            }
        }
        for (JsonNode variable : container.path("env")) {
            for (String kind : new String[] {"configMapKeyRef", "secretKeyRef"}) {
                JsonNode ref = variable.path("valueFrom").path(kind);
                if (ref.isMissingNode() || ref.path("optional").asBoolean(false)) {
                    continue;
                }
                boolean secret = kind.equals("secretKeyRef");
                String name = ref.path("name").asString("");
                String key = ref.path("key").asString("");
                Optional<Unstructured> object = lookUp(pod, secret, name, sources);
                if (object.isEmpty()) {
                    return Optional.of(notFound(secret, name));
                }
                if (!object.get().json().path("data").has(key)) {
                    return Optional.of("couldn't find key " + key + " in " + (secret ? "Secret " : "ConfigMap ")
                            + pod.namespace() + "/" + name);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Unstructured> lookUp(Unstructured pod, boolean secret, String name, Sources sources) {
        return secret ? sources.secret(pod.namespace(), name) : sources.configMap(pod.namespace(), name);
    }

    private static String notFound(boolean secret, String name) {
        return (secret ? "secret" : "configmap") + " \"" + name + "\" not found";
    }

    private static Optional<String> value(Unstructured pod, JsonNode from, Sources sources) {
        if (from.has("fieldRef")) {
            return field(pod, from.path("fieldRef").path("fieldPath").asString(""));
        }
        if (from.has("configMapKeyRef")) {
            JsonNode ref = from.path("configMapKeyRef");
            return sources.configMap(pod.namespace(), ref.path("name").asString(""))
                    .map(map -> map.json().path("data").path(ref.path("key").asString("")))
                    .filter(JsonNode::isString).map(value -> value.asString(""));
        }
        if (from.has("secretKeyRef")) {
            JsonNode ref = from.path("secretKeyRef");
            return sources.secret(pod.namespace(), ref.path("name").asString(""))
                    .map(secret -> secret.json().path("data").path(ref.path("key").asString("")))
                    .filter(JsonNode::isString).map(ContainerEnvironment::decode);
        }
        return Optional.empty();
    }

    /** The downward API's fields, as {@code podFieldSelectorRuntimeValue} and {@code ExtractFieldPathAsString}. */
    static Optional<String> field(Unstructured pod, String path) {
        JsonNode json = pod.json();
        Matcher label = LABEL.matcher(path);
        if (label.matches()) {
            Map<String, String> values = label.group(1).equals("labels") ? pod.labels() : pod.annotations();
            return Optional.ofNullable(values.get(label.group(2)));
        }
        return Optional.ofNullable(switch (path) {
            case "metadata.name" -> pod.name();
            case "metadata.namespace" -> pod.namespace();
            case "metadata.uid" -> pod.uid();
            case "spec.nodeName" -> json.path("spec").path("nodeName").asString("");
            case "spec.serviceAccountName" -> json.path("spec").path("serviceAccountName").asString("");
            case "status.hostIP" -> json.path("status").path("hostIP").asString("");
            case "status.podIP" -> json.path("status").path("podIP").asString("");
            case "status.podIPs" -> String.join(",", json.path("status").path("podIPs").findValuesAsString("ip"));
            case "status.hostIPs" -> String.join(",", json.path("status").path("hostIPs").findValuesAsString("ip"));
            default -> null;
        });
    }

    /** {@code $(VAR)} expansion of {@code k8s.io/kubernetes/third_party/forked/golang/expansion}. */
    static String expand(String value, Map<String, String> defined) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                replacement = defined.getOrDefault(matcher.group(1), matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asString("")), StandardCharsets.UTF_8);
    }
}
