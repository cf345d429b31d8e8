"""A StatefulSet's whole life driven by the Python client (Debian's python3-kubernetes), run by
PythonClientIT as `/usr/bin/python3 statefulset.py <kubeconfig>`. The kubeconfig is the one the
server writes for its users; its context names the namespace to work in. Exits non-zero with the
failed expectation on standard error."""
import json
import sys
import threading
import time
import traceback

import urllib3
from kubernetes import client, config, dynamic, stream, watch
from kubernetes.client.rest import ApiException

TIMEOUT = 20

kubeconfig = sys.argv[1]
config.load_kube_config(config_file=kubeconfig)
namespace = config.list_kube_config_contexts(kubeconfig)[1]["context"]["namespace"]
core = client.CoreV1Api()
apps = client.AppsV1Api()
# Merge patches and server-side apply need a content type of the caller's choosing: the typed API
# sends every dict patch as a strategic merge patch, the dynamic client lets the caller say.
sets = dynamic.DynamicClient(client.ApiClient()).resources.get(api_version="apps/v1", kind="StatefulSet")


class Failed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failed(message)


def until(description, probe):
    deadline = time.monotonic() + TIMEOUT
    last = None
    while time.monotonic() < deadline:
        last = probe()
        if last is True:
            return
        time.sleep(0.05)
    raise Failed(f"timed out waiting until {description} (last seen: {last})")


def watch_set(description, ready):
    """Watches the set until its status satisfies `ready`, as `kubectl rollout status` does: a
    watch that breaks is started again, as kubectl's watch tools do."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        w = watch.Watch()
        try:
            for event in w.stream(apps.list_namespaced_stateful_set, namespace, field_selector="metadata.name=web",
                                  timeout_seconds=max(1, int(deadline - time.monotonic()))):
                if event["type"] != "ERROR" and ready(event["object"]):
                    w.stop()
                    return event["object"]
        except (ApiException, urllib3.exceptions.ProtocolError) as broken:
            print(f"the watch until {description} broke, watching again: {broken!r}", file=sys.stderr)
    raise Failed(f"timed out watching until {description}")


def all_ready(replicas):
    return lambda s: (s.spec.replicas == replicas and s.status.observed_generation == s.metadata.generation
                      and s.status.replicas == replicas and s.status.ready_replicas == replicas)


class PodInformer:
    """List, then watch from the list's resourceVersion: what an informer does, into a cache."""

    def __init__(self):
        self.cache, self.added, self.updated, self.deleted = {}, set(), set(), set()
        self.error = None
        self.watch = watch.Watch()
        listed = core.list_namespaced_pod(namespace)
        for pod in listed.items:
            self.cache[pod.metadata.name] = pod
            self.added.add(pod.metadata.name)
        self.thread = threading.Thread(target=self.run, args=(listed.metadata.resource_version,), daemon=True)
        self.thread.start()

    def run(self, resource_version):
        try:
            for event in self.watch.stream(core.list_namespaced_pod, namespace, resource_version=resource_version):
                pod, name = event["object"], event["object"].metadata.name
                if event["type"] == "ADDED":
                    self.added.add(name)
                    self.cache[name] = pod
                elif event["type"] == "MODIFIED":
                    self.updated.add(name)
                    self.cache[name] = pod
                elif event["type"] == "DELETED":
                    self.deleted.add(name)
                    self.cache.pop(name, None)
        except Exception as e:  # noqa: BLE001 - reported by the main thread
            self.error = e

    def check(self):
        expect(self.error is None, f"the pod watch failed: {self.error!r}")


def main():
    core.create_namespaced_service(namespace, {
        "metadata": {"name": "web"},
        "spec": {"clusterIP": "None", "selector": {"app": "web"}, "ports": [{"name": "http", "port": 80}]},
    })
    informer = PodInformer()

    created = apps.create_namespaced_stateful_set(namespace, {
        "metadata": {"name": "web"},
        "spec": {
            "serviceName": "web",
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "nginx", "image": "registry.k8s.io/nginx-slim:0.24",
                                         "command": ["sh", "-c", "echo serving as $(hostname); "
                                                     "while true; do sleep 1; done"],
                                         "volumeMounts": [{"name": "data", "mountPath": "/usr/share/nginx/html"}]}]},
            },
            "volumeClaimTemplates": [{
                "metadata": {"name": "data"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}},
            }],
        },
    })
    expect(created.metadata.uid, "the created StatefulSet has no uid")
    watch_set("2 of 2 replicas are ready", all_ready(2))

    def seen_both():
        informer.check()
        both = all(n in informer.added and n in informer.updated for n in ("web-0", "web-1"))
        return both or {"added": sorted(informer.added), "updated": sorted(informer.updated)}
    until("the informer saw web-0 and web-1 added and updated", seen_both)
    until("the cached web-0 has a pod IP", lambda: bool(informer.cache["web-0"].status.pod_ip)
          or informer.cache["web-0"].status.to_dict())

    # Scale up by JSON merge patch, down by strategic merge patch.
    patched = sets.patch(name="web", namespace=namespace, body={"spec": {"replicas": 3}},
                         content_type="application/merge-patch+json")
    expect(patched.spec.replicas == 3, f"merge patch left replicas at {patched.spec.replicas}")
    watch_set("3 of 3 replicas are ready", all_ready(3))
    until("the informer holds 3 pods", lambda: len(informer.cache) == 3 or sorted(informer.cache))

    patched = apps.patch_namespaced_stateful_set("web", namespace, {"spec": {"replicas": 1}})
    expect(patched.spec.replicas == 1, f"strategic merge patch left replicas at {patched.spec.replicas}")
    watch_set("1 of 1 replicas is ready", all_ready(1))
    until("the informer saw web-2 and web-1 deleted",
          lambda: {"web-1", "web-2"} <= informer.deleted or sorted(informer.deleted))

    # Server-side apply: replicas belongs to the patches' manager, so applying it conflicts unless
    # forced. The client sends force=True (Python's spelling), which the server parses as upstream does.
    # This client serialises only JSON content types itself: the apply configuration goes as text
    # (JSON is YAML).
    applied = json.dumps({"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
                          "spec": {"replicas": 2}})
    try:
        sets.server_side_apply(body=applied, name="web", namespace=namespace, field_manager="python-apply")
        raise Failed("applying a field another manager owns succeeded; expected 409 Conflict")
    except ApiException as e:
        expect(e.status == 409, f"applying a field another manager owns answered {e.status}, not 409: {e.body}")
    patched = sets.server_side_apply(body=applied, name="web", namespace=namespace, field_manager="python-apply",
                                     force_conflicts=True)
    expect(patched.spec.replicas == 2, f"forced apply left replicas at {patched.spec.replicas}")
    managers = [(m.manager, m.operation) for m in patched.metadata.managedFields]
    expect(("python-apply", "Apply") in managers, f"no Apply entry of python-apply in managedFields: {managers}")
    watch_set("2 of 2 replicas are ready after the apply", all_ready(2))

    claim = core.read_namespaced_persistent_volume_claim("data-web-0", namespace)
    expect(claim.status.phase == "Bound", f"claim data-web-0 is {claim.status.phase}, not Bound")
    expect(claim.spec.volume_name, "claim data-web-0 names no volume")

    # Deleting the set: the garbage collector deletes its pods; the claims stay (retention Retain).
    # Stepping into web-0: a command over the exec WebSocket, its output and exit code, then the log
    # of the container's main process.
    session = stream.stream(core.connect_get_namespaced_pod_exec, "web-0", namespace, container="nginx",
                            command=["sh", "-c", 'echo "$(hostname)" > /usr/share/nginx/html/index.html; '
                                     "cat /usr/share/nginx/html/index.html; exit 3"],
                            stdout=True, stderr=True, stdin=False, tty=False, _preload_content=False)
    session.run_forever(timeout=TIMEOUT)
    output = session.read_stdout()
    expect(output == "web-0\n", f"exec printed {output!r}")
    expect(session.returncode == 3, f"exec ended with exit code {session.returncode}, not 3")
    log = core.read_namespaced_pod_log("web-0", namespace, container="nginx")
    expect(log.startswith("serving as web-0\n"), f"web-0's log is {log!r}")

    apps.delete_namespaced_stateful_set("web", namespace, propagation_policy="Background")
    until("the pods are gone", lambda: not (pods := [p.metadata.name for p in core.list_namespaced_pod(namespace).items])
          or pods)
    until("the informer holds no pods", lambda: not informer.cache or sorted(informer.cache))
    claims = sorted(c.metadata.name for c in core.list_namespaced_persistent_volume_claim(namespace).items)
    expect(claims == ["data-web-0", "data-web-1", "data-web-2"], f"the claims after deleting the set are {claims}")

    informer.watch.stop()
    print("ok: the Python client drove the StatefulSet through its life")


if __name__ == "__main__":
    try:
        main()
    except Failed as e:
        print(f"FAILED: {e}", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
    except ApiException as e:
        print(f"FAILED: the server answered {e.status} {e.reason}: {e.body}", file=sys.stderr)
        traceback.print_exc()
        sys.exit(1)
    sys.exit(0)
