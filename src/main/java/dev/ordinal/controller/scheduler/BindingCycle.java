package dev.ordinal.controller.scheduler;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.ordinal.controller.runtime.ControllerLoop;
import dev.ordinal.controller.runtime.EventRecorder;
import dev.ordinal.controller.runtime.SharedIndexInformer;
import dev.ordinal.controller.runtime.WorkQueue;
import dev.ordinal.machinery.StatusError;
import dev.ordinal.machinery.Unstructured;
import dev.ordinal.registry.core.PodBinder;

/**
 * The binding half of upstream's scheduleOne, which upstream runs in a goroutine of its own so
 * that the scheduling loop goes on placing pods meanwhile: binds each assumed pod to its node
 * through pods/binding on a few workers and records Scheduled; a binding that fails forgets the
 * assumption, and unless the pod was deleted or bound meanwhile, hands it back for scheduling.
 */
final class BindingCycle {

    private static final Logger log = LoggerFactory.getLogger(BindingCycle.class);
    /** Bindings written at once; each is a write the scheduling loop no longer waits for. */
    private static final int WORKERS = 4;

    private final SharedIndexInformer pods;
    private final SchedulerCache cache;
    private final PodBinder binder;
    private final EventRecorder events;
    private final Consumer<String> scheduleAgain;
    private final WorkQueue queue = new WorkQueue("scheduler-binding");
    private final ControllerLoop loop = new ControllerLoop("scheduler-binding", queue, this::bind, WORKERS);

    BindingCycle(SharedIndexInformer pods, SchedulerCache cache, PodBinder binder, EventRecorder events,
                 Consumer<String> scheduleAgain) {
        this.pods = pods;
        this.cache = cache;
        this.binder = binder;
        this.events = events;
        this.scheduleAgain = scheduleAgain;
    }

    void start() {
        loop.start();
    }

    void stop() {
        loop.stop();
    }

    /** Binds the pod under this key to the node it was assumed on. */
    void add(String key) {
        queue.add(key);
    }

    private long bind(String key) {
        int slash = key.indexOf('/');
        Unstructured pod = pods.get(key.substring(0, slash), key.substring(slash + 1)).orElse(null);
        String node = pod == null ? null : cache.assumedNode(pod).orElse(null);
        if (node == null) {
            // Replaced, or its binding already seen: nothing of this assumption is left to bind.
            return 0;
        }
        ObjectNode binding = JsonNodeFactory.instance.objectNode();
        binding.put("apiVersion", "v1");
        binding.put("kind", "Binding");
        binding.putObject("metadata").put("name", pod.name()).put("namespace", pod.namespace()).put("uid", pod.uid());
        binding.putObject("target").put("kind", "Node").put("name", node);
        try {
            binder.bind(pod.namespace(), pod.name(), new Unstructured(binding), false);
        } catch (RuntimeException e) {
            cache.forgetPod(pod);
            if (e instanceof StatusError error && (error.code() == 404 || error.code() == 409)) {
                // Deleted, replaced or bound meanwhile: its own event brings it back if need be.
                log.debug("binding {} to {} failed: {}", key, node, e.getMessage());
            } else {
                log.warn("binding {} to {} failed, scheduling it again: {}", key, node, e.getMessage());
                scheduleAgain.accept(key);
            }
            return 0;
        }
        events.normal(SchedulerController.SCHEDULER_NAME, pod, "Scheduled",
                "Successfully assigned " + pod.namespace() + "/" + pod.name() + " to " + node);
        return 0;
    }
}
