/**
 * VolumeManager and container mounts on a real file system: the directory layout and modes,
 * each supported volume kind, blocking failures versus failed refreshes, updates, cleanup,
 * resolve-only managers, and sub paths.
 */
import { existsSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from '../api-types.js';
import { staticConfigObjects, type StaticObjects } from '../testing/config-objects.js';
import { containerMounts } from './mounts.js';
import type { TokenSource } from './payloads.js';
import { VolumeManager } from './volume-manager.js';

let base: string;
let objects: StaticObjects;
const tokens: TokenSource & { forgotten: string[] } = {
  forgotten: [],
  token: async (pod, p) => `token-for-${pod.metadata.name}-${p.expirationSeconds}`,
  forgetPod(uid) {
    this.forgotten.push(uid);
  },
};

/** `null`: a resolve-only manager. */
function manager(rootDir: string | null = join(base, 'node-1')): VolumeManager {
  return new VolumeManager({ rootDir: rootDir ?? undefined, objects, tokens, facts: () => ({ hostIP: '172.31.0.2', allocatable: { cpu: '2', memory: '1Gi' } }) });
}

function pod(volumes: Record<string, unknown>[], uid = 'uid-1'): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop', uid, labels: { app: 'web' } },
    spec: { containers: [{ name: 'app' }], serviceAccountName: 'default', volumes },
  };
}

const mode = (p: string) => statSync(p).mode & 0o777;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'pilothouse-volumes-'));
  objects = staticConfigObjects();
  objects.setConfigMap('shop/settings', { 'app.conf': 'a=1', other: 'x' }, { 'blob.bin': Buffer.from([0, 1, 2]).toString('base64') });
  objects.setSecret('shop/creds', { password: 'p4ss', user: 'admin' });
  objects.setConfigMap('shop/kube-root-ca.crt', { 'ca.crt': 'PEM' });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('VolumeManager', () => {
  it('sets up every supported kind with upstream layout and modes', async () => {
    const hostDir = join(base, 'host-data');
    const p = pod([
      { name: 'scratch', emptyDir: { medium: 'Memory' } },
      { name: 'cfg', configMap: { name: 'settings', defaultMode: 0o644 } },
      { name: 'sec', secret: { secretName: 'creds', defaultMode: 0o644, items: [{ key: 'password', path: 'db/pw', mode: 0o400 }] } },
      { name: 'info', downwardAPI: { defaultMode: 0o644, items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'cpu', resourceFieldRef: { containerName: 'app', resource: 'limits.cpu' } }] } },
      { name: 'kube-api-access-abcde', projected: { defaultMode: 0o644, sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ] } },
      { name: 'host', hostPath: { path: hostDir, type: 'DirectoryOrCreate' } },
    ]);
    const { volumes, failures } = await manager().setUp(p);
    expect(failures).toEqual([]);
    const podDir = join(base, 'node-1', 'pods', 'uid-1');
    for (const d of [join(base, 'node-1'), join(base, 'node-1', 'pods'), podDir, join(podDir, 'volumes'), join(podDir, 'volumes', 'kubernetes.io~secret')]) {
      expect(mode(d)).toBe(0o700);
    }
    const path = (name: string) => volumes.get(name)!.hostPath;
    expect(path('scratch')).toBe(join(podDir, 'volumes', 'kubernetes.io~empty-dir', 'scratch'));
    expect(mode(path('scratch'))).toBe(0o777);
    expect(volumes.get('scratch')!.readOnly).toBe(false);

    expect(readFileSync(join(path('cfg'), 'app.conf'), 'utf8')).toBe('a=1');
    expect([...readFileSync(join(path('cfg'), 'blob.bin'))]).toEqual([0, 1, 2]);
    expect(readlinkSync(join(path('cfg'), 'app.conf'))).toBe('..data/app.conf');
    expect(mode(path('cfg'))).toBe(0o755);
    expect(volumes.get('cfg')!.readOnly).toBe(true);

    expect(readFileSync(join(path('sec'), 'db/pw'), 'utf8')).toBe('p4ss');
    expect(mode(join(path('sec'), 'db/pw'))).toBe(0o400);
    expect(existsSync(join(path('sec'), 'user'))).toBe(false);

    expect(readFileSync(join(path('info'), 'labels'), 'utf8')).toBe('app="web"');
    expect(readFileSync(join(path('info'), 'cpu'), 'utf8')).toBe('2');

    const api = path('kube-api-access-abcde');
    expect(readFileSync(join(api, 'token'), 'utf8')).toBe('token-for-web-3607');
    expect(readFileSync(join(api, 'ca.crt'), 'utf8')).toBe('PEM');
    expect(readFileSync(join(api, 'namespace'), 'utf8')).toBe('shop');
    expect(mode(join(api, 'token'))).toBe(0o644);

    expect(path('host')).toBe(hostDir);
    expect(statSync(hostDir).isDirectory()).toBe(true);
  });

  it('blocks on a volume that never mounted, then mounts it once its ConfigMap exists', async () => {
    const vm = manager();
    const p = pod([{ name: 'cfg', configMap: { name: 'later', defaultMode: 0o644 } }, { name: 'opt', configMap: { name: 'absent', optional: true } }]);
    const first = await vm.setUp(p);
    expect(first.failures).toEqual([{ volume: 'cfg', message: 'configmap "later" not found', blocking: true }]);
    expect(first.volumes.has('cfg')).toBe(false);
    expect(first.volumes.has('opt')).toBe(true);
    objects.setConfigMap('shop/later', { k: 'v1' });
    const second = await vm.setUp(p);
    expect(second.failures).toEqual([]);
    const dir = second.volumes.get('cfg')!.hostPath;
    expect(readFileSync(join(dir, 'k'), 'utf8')).toBe('v1');

    objects.setConfigMap('shop/later', { k: 'v2' });
    await vm.setUp(p);
    expect(readFileSync(join(dir, 'k'), 'utf8')).toBe('v2');

    objects.remove('configmap', 'shop/later');
    const gone = await vm.setUp(p);
    expect(gone.failures).toEqual([{ volume: 'cfg', message: 'configmap "later" not found', blocking: false }]);
    expect(gone.volumes.has('cfg')).toBe(true);
    expect(readFileSync(join(dir, 'k'), 'utf8')).toBe('v2'); // the last good files stay
  });

  it('names missing keys, unsupported kinds and hostPath type mismatches', async () => {
    const { failures } = await manager().setUp(pod([
      { name: 'a', configMap: { name: 'settings', items: [{ key: 'nope', path: 'x' }] } },
      { name: 'b', secret: { secretName: 'creds', items: [{ key: 'nope', path: 'x' }] } },
      { name: 'c', persistentVolumeClaim: { claimName: 'data' } },
      { name: 'd', hostPath: { path: join(base, 'missing'), type: 'Directory' } },
      { name: 'e', projected: { sources: [{ configMap: { name: 'x1' } }, { secret: { name: 'x2' } }] } },
    ]));
    expect(failures.map((f) => [f.volume, f.message])).toEqual([
      ['a', 'configmap references non-existent config key: nope'],
      ['b', 'secret references non-existent secret key: nope'],
      ['c', 'persistentVolumeClaim volumes are not supported by Pilothouse nodes (supported: emptyDir, hostPath, configMap, secret, downwardAPI, projected)'],
      ['d', `hostPath type check failed: ${join(base, 'missing')} is not a directory`],
      ['e', '[configmap "x1" not found, secret "x2" not found]'],
    ]);
  });

  it('removes a pod’s directories on cleanup and those of vanished pods on request', async () => {
    const vm = manager();
    await vm.setUp(pod([{ name: 'scratch', emptyDir: {} }], 'uid-1'));
    await vm.setUp(pod([{ name: 'scratch', emptyDir: {} }], 'uid-2'));
    await vm.cleanup('uid-1');
    expect(existsSync(join(base, 'node-1', 'pods', 'uid-1'))).toBe(false);
    expect(tokens.forgotten).toContain('uid-1');
    expect(await vm.removeOrphans(new Set(['uid-3']))).toBe(1);
    expect(existsSync(join(base, 'node-1', 'pods', 'uid-2'))).toBe(false);
  });

  it('resolves without writing when it has no root directory', async () => {
    const vm = manager(null);
    const ok = await vm.setUp(pod([{ name: 'cfg', configMap: { name: 'settings' } }, { name: 'scratch', emptyDir: {} }]));
    expect(ok.failures).toEqual([]);
    expect(existsSync(ok.volumes.get('cfg')!.hostPath)).toBe(false);
    const bad = await vm.setUp(pod([{ name: 'cfg', configMap: { name: 'absent' } }], 'uid-2'));
    expect(bad.failures[0]).toMatchObject({ message: 'configmap "absent" not found', blocking: true });
  });
});

describe('containerMounts', () => {
  it('binds volumes and sub paths (created when missing, resolved to the real file), read-only for API data', async () => {
    const p = pod([{ name: 'cfg', configMap: { name: 'settings' } }, { name: 'scratch', emptyDir: {} }]);
    const { volumes } = await manager().setUp(p);
    const cfg = volumes.get('cfg')!.hostPath;
    const scratch = volumes.get('scratch')!.hostPath;
    const mounts = await containerMounts({
      container: { name: 'app', volumeMounts: [
        { name: 'cfg', mountPath: '/etc/app' },
        { name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' },
        { name: 'scratch', mountPath: '/data', subPathExpr: '$(POD)/cache' },
        { name: 'scratch', mountPath: '/ro', readOnly: true },
      ] },
      volumes, env: { POD: 'web' }, onDisk: true,
    });
    expect(mounts).toEqual([
      { hostPath: cfg, containerPath: '/etc/app', readOnly: true },
      { hostPath: realpathSync(join(cfg, 'app.conf')), containerPath: '/etc/app.conf', readOnly: true },
      { hostPath: realpathSync(join(scratch, 'web/cache')), containerPath: '/data', readOnly: false },
      { hostPath: scratch, containerPath: '/ro', readOnly: true },
    ]);
    expect(mounts[1].hostPath).toMatch(/\/\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+\/app\.conf$/);
    expect(mode(join(scratch, 'web/cache'))).toBe(0o777);
  });

  it('refuses unknown volumes, sub paths escaping their volume and unset subPathExpr variables', async () => {
    const { volumes } = await manager().setUp(pod([{ name: 'scratch', emptyDir: {} }]));
    symlinkSync('/etc', join(volumes.get('scratch')!.hostPath, 'escape'));
    const mount = (volumeMounts: Record<string, unknown>[], env: Record<string, string> = {}) =>
      containerMounts({ container: { name: 'app', volumeMounts }, volumes, env, onDisk: true });
    await expect(mount([{ name: 'nope', mountPath: '/x' }])).rejects.toThrow('cannot find volume "nope" to mount into container "app"');
    await expect(mount([{ name: 'scratch', mountPath: '/x', subPath: 'escape' }])).rejects.toThrow('failed to prepare subPath for volumeMount "scratch" of container "app"');
    await expect(mount([{ name: 'scratch', mountPath: '/x', subPathExpr: '$(A)/$(B)' }], { A: 'a' })).rejects.toThrow('missing value for B');
  });
});
