package dev.ordinal.registry.admission;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.SimpleNameGenerator;
import dev.ordinal.registry.rest.ResourceDefinition;
import dev.ordinal.storage.ObjectStore;

/**
 * Upstream's ServiceAccount plugin ({@code plugin/pkg/admission/serviceaccount}) on pod creation:
 * a pod that names no ServiceAccount runs as {@code default}; the one it names must exist, else
 * the pod is forbidden; unless the pod or its ServiceAccount turns automounting off, it gets the
 * projected volume {@code kube-api-access-<5 random>} (a token the kubelet requests for 3607 s, the
 * cluster CA from {@code kube-root-ca.crt}, the namespace from the downward API), mounted read-only
 * at {@code /var/run/secrets/kubernetes.io/serviceaccount} in every container and init container
 * that has nothing mounted there yet; and the ServiceAccount's image pull secrets when it names none.
 */
@Component
class ServiceAccountAdmission implements MutatingPlugin {

    static final String DEFAULT = "default";
    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String VOLUME_PREFIX = "kube-api-access-";
    private static final GroupResource PODS = new GroupResource("", "pods");
    private static final GroupResource SERVICE_ACCOUNTS = new GroupResource("", "serviceaccounts");
    private static final GroupResource NAMESPACES = new GroupResource("", "namespaces");
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
    /** The lifetime of the token kubelets request, which upstream extends and warns after. */
    private static final int TOKEN_EXPIRATION_SECONDS = 3607;
    /** The default ServiceAccount is being made by its controller in a new namespace: upstream looks 10 times. */
    private static final int DEFAULT_ATTEMPTS = 10;

    private final ObjectStore store;

    ServiceAccountAdmission(ObjectStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "ServiceAccount";
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE;
    }

    @Override
    public boolean handles(ResourceDefinition definition, String subresource) {
        return definition.groupResource().equals(PODS) && subresource.isEmpty();
    }

    @Override
    public void admit(AdmissionAttributes attributes) {
        Unstructured pod = attributes.object();
        ObjectNode spec = pod.json().withObject("spec");
        if (pod.annotations().containsKey(MIRROR_ANNOTATION)) {
            return;
        }
        // Upstream's NamespaceLifecycle, ahead in the chain, refuses a pod of a missing namespace
        // before this plugin looks for a ServiceAccount in it.
        if (!store.exists(NAMESPACES, "", attributes.namespace())) {
            return;
        }
        String name = spec.path("serviceAccountName").asString("");
        if (name.isEmpty()) {
            name = DEFAULT;
            spec.put("serviceAccountName", name);
            spec.put("serviceAccount", name);
        }
        String lookedUp = name;
        Unstructured account = find(attributes.namespace(), name).orElseThrow(() -> StatusError.forbidden(PODS,
                pod.name().isEmpty() ? pod.generateName() : pod.name(), "error looking up service account "
                        + attributes.namespace() + "/" + lookedUp + ": serviceaccount \"" + lookedUp + "\" not found"));
        if (automounts(account, spec)) {
            mountToken(spec);
        }
        if (spec.path("imagePullSecrets").isEmpty() && !account.json().path("imagePullSecrets").isEmpty()) {
            spec.set("imagePullSecrets", account.json().path("imagePullSecrets").deepCopy());
        }
    }

    /** The ServiceAccount; {@code default} is looked for again, 100 to 200 ms apart, as upstream does. */
    private Optional<Unstructured> find(String namespace, String name) {
        int attempts = name.equals(DEFAULT) ? DEFAULT_ATTEMPTS : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(100 + ThreadLocalRandom.current().nextInt(100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Optional<Unstructured> account = store.get(SERVICE_ACCOUNTS, namespace, name);
            if (account.isPresent()) {
                return account;
            }
        }
        return Optional.empty();
    }

    /** The pod's automountServiceAccountToken wins over the ServiceAccount's; both default to true. */
    private static boolean automounts(Unstructured account, JsonNode spec) {
        JsonNode own = spec.path("automountServiceAccountToken");
        if (own.isBoolean()) {
            return own.asBoolean();
        }
        JsonNode accounts = account.json().path("automountServiceAccountToken");
        return !accounts.isBoolean() || accounts.asBoolean();
    }

    private static void mountToken(ObjectNode spec) {
        String volume = null;
        for (String containers : new String[] {"initContainers", "containers"}) {
            for (JsonNode container : spec.path(containers)) {
                boolean mounted = false;
                for (JsonNode mount : container.path("volumeMounts")) {
                    mounted |= mount.path("mountPath").asString("").equals(MOUNT_PATH);
                }
                if (mounted || !(container instanceof ObjectNode object)) {
                    continue;
                }
                if (volume == null) {
                    volume = SimpleNameGenerator.generate(VOLUME_PREFIX);
                }
                object.withArray("volumeMounts").addObject().put("name", volume).put("readOnly", true)
                        .put("mountPath", MOUNT_PATH);
            }
        }
        if (volume != null) {
            spec.withArray("volumes").add(projectedVolume(volume, spec.withArray("volumes")));
        }
    }

    private static ObjectNode projectedVolume(String name, ArrayNode siblings) {
        ObjectNode volume = siblings.objectNode();
        volume.put("name", name);
        ObjectNode projected = volume.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_EXPIRATION_SECONDS)
                .put("path", "token");
        sources.addObject().putObject("configMap").put("name", "kube-root-ca.crt").putArray("items").addObject()
                .put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject().put("path", "namespace")
                .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", 420);
        return volume;
    }
}
