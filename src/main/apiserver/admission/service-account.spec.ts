/**
 * ServiceAccount admission through a real API server: the default account, upstream's 403 for
 * a missing account (after waiting a moment for `default`), the `kube-api-access-*` projected
 * volume and its mounts, `automountServiceAccountToken`, and image pull secrets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapCluster } from '../../cluster/bootstrap.js';
import { ApiClient, ApiClientError } from '../../client/api-client.js';
import { InProcessTransport } from '../../client/transport.js';
import { MemoryStore } from '../../store/memory-store.js';
import { ADMIN_USER, StaticTokenAuthenticator } from '../authn.js';
import { defaultKindSupport, defaultOpenApi, defaultPatchApplier } from '../defaults.js';
import type { Pod } from '../kinds/pod-types.js';
import { ApiServer } from '../server.js';
import { NamespaceLifecycle } from './namespace-lifecycle.js';
import { ServiceAccountAdmission, TOKEN_MOUNT_PATH } from './service-account.js';

const PODS = { apiVersion: 'v1', resource: 'pods' };
const SAS = { apiVersion: 'v1', resource: 'serviceaccounts' };
let store: MemoryStore;
let client: ApiClient;

beforeEach(async () => {
  store = new MemoryStore();
  const server = new ApiServer({
    store,
    authenticator: new StaticTokenAuthenticator(),
    kinds: defaultKindSupport(),
    applyPatch: defaultPatchApplier(),
    openapi: defaultOpenApi(),
    admission: (objects) => [new NamespaceLifecycle(objects), new ServiceAccountAdmission(objects, { retryDelayMs: () => 10 })],
  });
  client = new ApiClient(new InProcessTransport((req) => server.handle(req), ADMIN_USER));
  await bootstrapCluster(client, 6443);
});
afterEach(() => store.close());

const serviceAccount = (name: string, extra: Record<string, unknown> = {}) =>
  client.create(SAS, 'default', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name }, ...extra });

function createPod(name: string, spec: Record<string, unknown> = {}): Promise<Pod> {
  return client.create<Pod>(PODS, 'default', {
    apiVersion: 'v1', kind: 'Pod', metadata: { name },
    spec: { containers: [{ name: 'app', image: 'busybox' }], ...spec },
  });
}

async function rejection(p: Promise<unknown>): Promise<ApiClientError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(ApiClientError);
  return e as ApiClientError;
}

describe('ServiceAccount admission', () => {
  it('rejects a pod whose service account does not exist, with upstream’s 403', async () => {
    const e = await rejection(createPod('lonely', { serviceAccountName: 'robot' }));
    expect(e.code).toBe(403);
    expect(e.reason).toBe('Forbidden');
    expect(e.message).toBe('pods "lonely" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found');
    const d = await rejection(createPod('early'));
    expect(d.message).toBe('pods "early" is forbidden: error looking up service account default/default: serviceaccount "default" not found');
  });

  it('waits a moment for the default account, which the controller creates right after the namespace', async () => {
    setTimeout(() => void serviceAccount('default'), 40);
    const pod = await createPod('patient');
    expect(pod.spec?.serviceAccountName).toBe('default');
    expect(pod.spec?.serviceAccount).toBe('default');
  });

  it('adds the kube-api-access projected volume, mounted read-only where the path is free', async () => {
    await serviceAccount('default');
    const pod = await createPod('web', {
      initContainers: [{ name: 'init', image: 'busybox' }],
      containers: [
        { name: 'app', image: 'busybox' },
        { name: 'own', image: 'busybox', volumeMounts: [{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }] },
      ],
      volumes: [{ name: 'mine', emptyDir: {} }],
    });
    const volumes = pod.spec!.volumes!;
    expect(volumes).toHaveLength(2);
    const api = volumes[1];
    expect(api.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(api.projected).toEqual({
      defaultMode: 0o644,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    });
    const mount = { name: api.name, readOnly: true, mountPath: TOKEN_MOUNT_PATH };
    expect(pod.spec!.initContainers![0].volumeMounts).toEqual([mount]);
    expect(pod.spec!.containers![0].volumeMounts).toEqual([mount]);
    expect(pod.spec!.containers![1].volumeMounts).toEqual([{ name: 'mine', mountPath: TOKEN_MOUNT_PATH }]);
  });

  it('honours automountServiceAccountToken (the pod’s setting wins) and copies image pull secrets', async () => {
    await serviceAccount('default');
    await serviceAccount('quiet', { automountServiceAccountToken: false, imagePullSecrets: [{ name: 'regcred' }] });
    expect((await createPod('off', { automountServiceAccountToken: false })).spec?.volumes ?? []).toEqual([]);
    const quiet = await createPod('quiet', { serviceAccountName: 'quiet' });
    expect(quiet.spec?.volumes ?? []).toEqual([]);
    expect(quiet.spec?.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const loud = await createPod('loud', { serviceAccountName: 'quiet', automountServiceAccountToken: true, imagePullSecrets: [{ name: 'own' }] });
    expect(loud.spec?.volumes?.[0].name).toMatch(/^kube-api-access-/);
    expect(loud.spec?.imagePullSecrets).toEqual([{ name: 'own' }]);
  });

  it('leaves updates alone', async () => {
    await serviceAccount('default');
    const pod = await createPod('steady', { automountServiceAccountToken: false });
    const updated = await client.patch<Pod>(PODS, 'default', 'steady', { metadata: { labels: { a: 'b' } } });
    expect(updated.spec?.volumes ?? []).toEqual(pod.spec?.volumes ?? []);
  });
});
