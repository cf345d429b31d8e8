// A StatefulSet's whole life driven by the JavaScript client (@kubernetes/client-node), run by
// JavaScriptClientIT as `node statefulset.mjs <kubeconfig>`. The kubeconfig is the one the server
// writes for its users; its context names the namespace to work in. Exits non-zero with the failed
// expectation on standard error.
import { Writable } from 'node:stream';

import * as k8s from '@kubernetes/client-node';

const TIMEOUT_MS = 20_000;

const kc = new k8s.KubeConfig();
kc.loadFromFile(process.argv[2]);
const namespace = kc.getContextObject(kc.getCurrentContext()).namespace;
const core = kc.makeApiClient(k8s.CoreV1Api);
const apps = kc.makeApiClient(k8s.AppsV1Api);

function expect(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

async function until(description, probe) {
    const deadline = Date.now() + TIMEOUT_MS;
    let last;
    while (Date.now() < deadline) {
        last = await probe();
        if (last === true) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting until ${description} (last seen: ${JSON.stringify(last)})`);
}

// Watches the set until its status satisfies `ready`, as `kubectl rollout status` does.
function watchSet(description, ready) {
    return new Promise((resolve, reject) => {
        let request;
        let done = false;
        const finish = (settle, value) => {
            done = true;
            clearTimeout(timer);
            request?.abort();
            settle(value);
        };
        const timer = setTimeout(() => finish(reject, new Error(`timed out watching until ${description}`)), TIMEOUT_MS);
        new k8s.Watch(kc).watch(`/apis/apps/v1/namespaces/${namespace}/statefulsets`,
            { fieldSelector: 'metadata.name=web' },
            (type, set) => {
                if (!done && type !== 'ERROR' && ready(set)) {
                    finish(resolve, set);
                }
            },
            (err) => {
                if (!done && err && err.name !== 'AbortError') {
                    finish(reject, err);
                }
            }).then((controller) => {
            request = controller;
            if (done) {
                controller.abort();
            }
        }, (err) => finish(reject, err));
    });
}

const allReady = (replicas) => (set) => set.spec.replicas === replicas
    && set.status?.observedGeneration === set.metadata.generation
    && set.status?.replicas === replicas && set.status?.readyReplicas === replicas;

function mergePatch(strategy, body) {
    return apps.patchNamespacedStatefulSet({ name: 'web', namespace, body },
        k8s.setHeaderOptions('Content-Type', strategy));
}

async function main() {
    await core.createNamespacedService({ namespace, body: {
        metadata: { name: 'web' },
        spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
    } });

    // An informer on the pods, as a controller written with this client keeps one.
    const seen = { added: new Set(), updated: new Set(), deleted: new Set() };
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${namespace}/pods`,
        () => core.listNamespacedPod({ namespace }));
    informer.on('add', (pod) => seen.added.add(pod.metadata.name));
    informer.on('update', (pod) => seen.updated.add(pod.metadata.name));
    informer.on('delete', (pod) => seen.deleted.add(pod.metadata.name));
    let informerError;
    informer.on('error', (err) => { informerError = err; });
    await informer.start();

    const created = await apps.createNamespacedStatefulSet({ namespace, body: {
        metadata: { name: 'web' },
        spec: {
            serviceName: 'web',
            replicas: 2,
            selector: { matchLabels: { app: 'web' } },
            template: {
                metadata: { labels: { app: 'web' } },
                spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24',
                    command: ['sh', '-c', 'echo serving as $(hostname); while true; do sleep 1; done'],
                    volumeMounts: [{ name: 'data', mountPath: '/usr/share/nginx/html' }] }] },
            },
            volumeClaimTemplates: [{
                metadata: { name: 'data' },
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
            }],
        },
    } });
    expect(created.metadata.uid, 'the created StatefulSet has no uid');
    await watchSet('2 of 2 replicas are ready', allReady(2));

    await until('the informer saw web-0 and web-1 added and updated', () => {
        expect(!informerError, `the informer failed: ${informerError}`);
        return ['web-0', 'web-1'].every((name) => seen.added.has(name) && seen.updated.has(name))
            || { added: [...seen.added], updated: [...seen.updated] };
    });
    const cached = informer.get('web-0', namespace);
    expect(cached?.status?.podIP, `the informer's web-0 has no pod IP: ${JSON.stringify(cached?.status)}`);

    // Scale up by JSON merge patch, down by strategic merge patch.
    let patched = await mergePatch(k8s.PatchStrategy.MergePatch, { spec: { replicas: 3 } });
    expect(patched.spec.replicas === 3, `merge patch left replicas at ${patched.spec.replicas}`);
    await watchSet('3 of 3 replicas are ready', allReady(3));
    expect(informer.list(namespace).length === 3, `the informer holds ${informer.list(namespace).length} pods, not 3`);

    patched = await mergePatch(k8s.PatchStrategy.StrategicMergePatch, { spec: { replicas: 1 } });
    expect(patched.spec.replicas === 1, `strategic merge patch left replicas at ${patched.spec.replicas}`);
    await watchSet('1 of 1 replicas is ready', allReady(1));
    await until('the informer saw web-2 and web-1 deleted',
        () => (seen.deleted.has('web-2') && seen.deleted.has('web-1')) || { deleted: [...seen.deleted] });

    // Server-side apply: replicas belongs to the patches' manager, so applying it conflicts
    // unless forced.
    const applied = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { replicas: 2 } };
    const apply = (force) => apps.patchNamespacedStatefulSet(
        { name: 'web', namespace, body: applied, fieldManager: 'js-apply', force },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply));
    const conflict = await apply(false).then(() => 'no error', (err) => err.code);
    expect(conflict === 409, `applying a field another manager owns answered ${conflict}, not 409 Conflict`);
    patched = await apply(true);
    expect(patched.spec.replicas === 2, `forced apply left replicas at ${patched.spec.replicas}`);
    expect(patched.metadata.managedFields.some((entry) => entry.manager === 'js-apply' && entry.operation === 'Apply'),
        `no Apply entry of js-apply in managedFields: ${JSON.stringify(patched.metadata.managedFields)}`);
    await watchSet('2 of 2 replicas are ready after the apply', allReady(2));

    const claim = await core.readNamespacedPersistentVolumeClaim({ name: 'data-web-0', namespace });
    expect(claim.status?.phase === 'Bound', `claim data-web-0 is ${claim.status?.phase}, not Bound`);
    expect(claim.spec.volumeName, 'claim data-web-0 names no volume');

    // Stepping into web-0: a command over the exec WebSocket, its output and exit code, then the log
    // of the container's main process.
    let output = '';
    const stdout = new Writable({ write(chunk, encoding, done) { output += chunk; done(); } });
    const status = await new Promise((resolve, reject) => {
        new k8s.Exec(kc).exec(namespace, 'web-0', 'nginx', ['sh', '-c', 'echo "$(hostname)" > /usr/share/nginx/html/index.html; cat /usr/share/nginx/html/index.html; exit 3'],
            stdout, null, null, false, resolve).catch(reject);
    });
    await until('the exec output arrived', () => output === 'web-0\n' || { output });
    expect(status?.reason === 'NonZeroExitCode' && status.details?.causes?.[0]?.message === '3',
        `exec ended with ${JSON.stringify(status)}, not exit code 3`);
    const log = await core.readNamespacedPodLog({ name: 'web-0', namespace, container: 'nginx' });
    expect(log.startsWith('serving as web-0\n'), `web-0's log is ${JSON.stringify(log)}`);

    // Deleting the set: the garbage collector deletes its pods; the claims stay (retention Retain).
    await apps.deleteNamespacedStatefulSet({ name: 'web', namespace, propagationPolicy: 'Background' });
    await until('the pods are gone', async () => {
        const pods = (await core.listNamespacedPod({ namespace })).items.map((pod) => pod.metadata.name);
        return pods.length === 0 || { pods };
    });
    await until('the informer holds no pods', () => informer.list(namespace).length === 0
        || { cached: informer.list(namespace).map((pod) => pod.metadata.name) });
    const claims = (await core.listNamespacedPersistentVolumeClaim({ namespace })).items.map((c) => c.metadata.name).sort();
    expect(JSON.stringify(claims) === JSON.stringify(['data-web-0', 'data-web-1', 'data-web-2']),
        `the claims after deleting the set are ${JSON.stringify(claims)}`);

    await informer.stop();
    console.log('ok: the JavaScript client drove the StatefulSet through its life');
}

main().then(() => process.exit(0), (err) => {
    console.error(`FAILED: ${err.message}`);
    if (err.body) {
        console.error(`response: ${typeof err.body === 'string' ? err.body : JSON.stringify(err.body)}`);
    }
    console.error(err.stack);
    process.exit(1);
});
