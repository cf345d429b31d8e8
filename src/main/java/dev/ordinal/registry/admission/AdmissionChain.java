package dev.ordinal.registry.admission;

import java.util.Comparator;
import java.util.List;

/**
 * The admission plugins in one fixed order, upstream's {@code AllOrderedPlugins}: every mutating
 * plugin, in that order, before the kind's strategy; every validating plugin, in that order, after
 * the strategy's validation and before storage. A plugin runs only for the operations and
 * resources it handles.
 */
public final class AdmissionChain {

    /**
     * Upstream's plugin order (kube-apiserver's {@code AllOrderedPlugins}), of the plugins this
     * server has. A new plugin takes its upstream place here; ValidatingAdmissionPolicy goes
     * between the two webhook plugins, as upstream puts it.
     */
    public static final List<String> ORDER = List.of(
            "NamespaceLifecycle",
            "ServiceAccount",
            "DefaultTolerationSeconds",
            "DefaultStorageClass",
            "StorageObjectInUseProtection",
            "MutatingAdmissionWebhook",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionWebhook");

    private final List<AdmissionPlugin> plugins;

    public AdmissionChain(List<? extends AdmissionPlugin> plugins) {
        for (AdmissionPlugin plugin : plugins) {
            if (!ORDER.contains(plugin.name())) {
                throw new IllegalArgumentException("admission plugin " + plugin.name() + " has no place in "
                        + ORDER);
            }
        }
        this.plugins = plugins.stream().map(AdmissionPlugin.class::cast)
                .sorted(Comparator.comparingInt(plugin -> ORDER.indexOf(plugin.name()))).toList();
    }

    /** The plugins' names in the order they run. */
    public List<String> names() {
        return plugins.stream().map(AdmissionPlugin::name).toList();
    }

    /**
     * The mutating phase; run a second time, every mutating plugin again, when a plugin asked for
     * it, as upstream's reinvoker does for webhooks with {@code reinvocationPolicy: IfNeeded}.
     */
    public void admit(AdmissionAttributes attributes) {
        mutate(attributes);
        if (attributes.reinvocation().requested()) {
            attributes.reinvocation().startReinvoke();
            mutate(attributes);
        }
    }

    private void mutate(AdmissionAttributes attributes) {
        for (AdmissionPlugin plugin : plugins) {
            if (plugin instanceof MutatingPlugin mutating && handles(plugin, attributes)) {
                mutating.admit(attributes);
            }
        }
    }

    /** The validating phase. */
    public void validate(AdmissionAttributes attributes) {
        for (AdmissionPlugin plugin : plugins) {
            if (plugin instanceof ValidatingPlugin validating && handles(plugin, attributes)) {
                validating.validate(attributes);
            }
        }
    }

    private static boolean handles(AdmissionPlugin plugin, AdmissionAttributes attributes) {
        return plugin.handles(attributes.operation())
                && plugin.handles(attributes.definition(), attributes.subresource());
    }
}
