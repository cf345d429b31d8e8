package dev.ordinal.registry.admission.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import dev.ordinal.machinery.GroupResource;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.machinery.WatchEvent;
import dev.ordinal.machinery.WatchListener;
import dev.ordinal.machinery.go.GoText;
import dev.ordinal.storage.ObjectStore;

/**
 * The webhooks of every validating and mutating webhook configuration, kept current by a watch on
 * the store, as upstream's {@code configuration.*WebhookConfigurationManager} follows an informer:
 * a request reads the cached list and never queries the store. Configurations are sorted by name
 * and each keeps its webhooks' order, as upstream calls them. A watch the store closes (a reset)
 * is followed again on the next read.
 */
@Component
public class WebhookConfigurations {

    static final GroupResource VALIDATING = new GroupResource("admissionregistration.k8s.io",
            "validatingwebhookconfigurations");
    static final GroupResource MUTATING = new GroupResource("admissionregistration.k8s.io",
            "mutatingwebhookconfigurations");

    private final Cache validating;
    private final Cache mutating;

    WebhookConfigurations(ObjectStore store) {
        this.validating = new Cache(store, VALIDATING);
        this.mutating = new Cache(store, MUTATING);
    }

    List<Webhook> validating() {
        return validating.webhooks();
    }

    List<Webhook> mutating() {
        return mutating.webhooks();
    }

    private record Compiled(long changes, List<Webhook> webhooks) {
    }

    /** The configurations of one resource, followed from the first read on. */
    private static final class Cache implements WatchListener {

        private final ObjectStore store;
        private final GroupResource resource;
        private final ConcurrentSkipListMap<String, Unstructured> configurations =
                new ConcurrentSkipListMap<>(GoText.BYTE_ORDER);
        private volatile boolean following;
        /** Counts the changes seen, so a list compiled before the latest one is never kept. */
        private final AtomicLong changes = new AtomicLong();
        private volatile Compiled compiled = new Compiled(-1, List.of());

        Cache(ObjectStore store, GroupResource resource) {
            this.store = store;
            this.resource = resource;
        }

        List<Webhook> webhooks() {
            if (!following) {
                follow();
            }
            Compiled current = compiled;
            long seen = changes.get();
            if (current.changes() != seen) {
                current = new Compiled(seen, compile());
                compiled = current;
            }
            return current.webhooks();
        }

        private synchronized void follow() {
            if (following) {
                return;
            }
            store.listAndWatch(resource, null, snapshot -> {
                configurations.clear();
                snapshot.items().forEach(item -> configurations.put(item.name(), item));
                changes.incrementAndGet();
            }, this);
            following = true;
        }

        /** The webhooks as they are now; an event in between makes the next read compile again. */
        private List<Webhook> compile() {
            List<Webhook> compiled = new ArrayList<>();
            for (Unstructured configuration : configurations.values()) {
                var items = configuration.json().path("webhooks");
                for (int i = 0; i < items.size(); i++) {
                    compiled.add(Webhook.of(configuration.name(), i, items.get(i)));
                }
            }
            return List.copyOf(compiled);
        }

        @Override
        public void onEvent(WatchEvent event) {
            if (event.type() == WatchEvent.Type.DELETED) {
                configurations.remove(event.object().name());
            } else {
                configurations.put(event.object().name(), event.object());
            }
            changes.incrementAndGet();
        }

        @Override
        public void onClose() {
            following = false;
        }
    }
}
