package dev.ordinal.registry.admission;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;
import dev.ordinal.storage.ObjectStore;

/**
 * The ValidatingAdmissionPolicies and their bindings as the admission plugin reads them: kept
 * current by one list-and-watch of each, as upstream's policy source follows its informers, so that
 * a request never queries the store for them. A watch the store closes is started again.
 */
@Component
class AdmissionPolicyCache {

    static final GroupResource POLICIES = new GroupResource("admissionregistration.k8s.io",
            "validatingadmissionpolicies");
    static final GroupResource BINDINGS = new GroupResource("admissionregistration.k8s.io",
            "validatingadmissionpolicybindings");

    private final ObjectStore store;
    private final Map<String, Unstructured> policies = new ConcurrentHashMap<>();
    private final Map<String, Unstructured> bindings = new ConcurrentHashMap<>();
    private volatile boolean started;

    AdmissionPolicyCache(ObjectStore store) {
        this.store = store;
    }

    Unstructured policy(String name) {
        start();
        return policies.get(name);
    }

    Collection<Unstructured> bindings() {
        start();
        return bindings.values();
    }

    private void start() {
        if (started) {
            return;
        }
        synchronized (this) {
            if (!started) {
                follow(POLICIES, policies);
                follow(BINDINGS, bindings);
                started = true;
            }
        }
    }

    private void follow(GroupResource resource, Map<String, Unstructured> cache) {
        store.listAndWatch(resource, null, snapshot -> {
            cache.clear();
            snapshot.items().forEach(object -> cache.put(object.name(), object));
        }, new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                if (event.type() == WatchEvent.Type.DELETED) {
                    cache.remove(event.object().name());
                } else {
                    cache.put(event.object().name(), event.object());
                }
            }

            @Override
            public void onClose() {
                follow(resource, cache);
            }
        });
    }
}
