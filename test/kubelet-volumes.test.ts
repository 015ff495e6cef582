/**
 * What a pod spec asks of its node beyond command and image, on real Docker: env from a
 * ConfigMap, a Secret, the downward API and `$(VAR)` references; ConfigMap, Secret and emptyDir
 * volumes (shared by two containers, sub paths, modes, read-only API data, updates); a missing
 * ConfigMap shown as CreateContainerConfigError until it exists; and the service-account token
 * every pod gets, accepted by the API server. `pilothouse serve --nodes 1`, the real kubectl.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestImages, clusterIdOf, containersOf, docker, removeClusterContainers, type TestImages } from './support/docker-images.js';
import { eventually } from './support/in-process-cluster.js';
import { kubectl, kubectlOk } from './support/kubectl.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

const NODES = ['node-1'];
const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
let images: TestImages;
let serve: ServeProcess;
let scratch: string;
/** Node volume directories seen (to check they go with their pods, and to tidy up). */
const volumeSources = new Set<string>();
const k = (...args: string[]) => kubectlOk(serve.kubeconfig, args);
const kIn = (input: string, ...args: string[]) => kubectlOk(serve.kubeconfig, args, input);
const execIn = (pod: string, container: string, ...cmd: string[]) => k('exec', pod, '-c', container, '--', ...cmd);

function pod(name: string, spec: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { terminationGracePeriodSeconds: 2, ...spec } });
}

function container(name: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { name, image: images.busybox, imagePullPolicy: 'IfNotPresent', ...extra };
}

/** The host directories bound into a pod's containers (Docker's view). */
async function mountSources(podName: string): Promise<{ source: string; destination: string }[]> {
  const out: { source: string; destination: string }[] = [];
  for (const c of (await containersOf(clusterIdOf(serve.dataDir), NODES)).filter((x) => x.role === 'container' && x.name.includes(podName))) {
    const info = await docker.getContainer(c.id).inspect();
    for (const m of info.Mounts) out.push({ source: m.Source, destination: m.Destination });
  }
  for (const m of out) volumeSources.add(m.source);
  return out;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'pilothouse-volumes-test-'));
  images = await buildTestImages('kubelet-volumes');
  serve = await startServe({ args: ['--nodes', '1', '--sandbox-image', images.sandbox, '--addon-image', images.node] });
  await k('create', 'configmap', 'app-config', '--from-literal=MODE=fast', '--from-literal=GREETING=hello');
  await k('create', 'secret', 'generic', 'app-secret', '--from-literal=PASSWORD=s3cret');
}, 120_000);

afterAll(async () => {
  if (serve) await kubectl(serve.kubeconfig, ['delete', 'pods', '--all', '--grace-period=1', '--wait=true', '--timeout=60s']);
  await serve?.stop();
  if (serve) await removeClusterContainers(clusterIdOf(serve.dataDir));
  // Volume directories outside the data dir (the kubelet's default base): drop the node's if it is now empty.
  for (const source of volumeSources) {
    const nodeDir = source.split('/pods/')[0];
    if (!nodeDir.startsWith(serve.dataDir) && existsSync(nodeDir) && readdirSync(join(nodeDir, 'pods')).length === 0) rmSync(nodeDir, { recursive: true, force: true });
  }
  serve?.cleanup();
  await images?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

describe('env', () => {
  it('comes from a ConfigMap, a Secret, the downward API and $(VAR) references', async () => {
    await kIn(pod('env-pod', {
      containers: [container('main', {
        command: ['sh', '-c', "echo 'msg=$(MSG)'; exec sleep 3600"],
        resources: { limits: { memory: '64Mi' } },
        envFrom: [{ prefix: 'CFG_', configMapRef: { name: 'app-config' } }, { secretRef: { name: 'app-secret' } }],
        env: [
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'MODE' } } },
          { name: 'SECRET', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'PASSWORD' } } },
          { name: 'MSG', value: '$(MODE)-$(SECRET)-$$(MODE)' },
          { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
          { name: 'MEM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'ABSENT', valueFrom: { secretKeyRef: { name: 'no-such-secret', key: 'x', optional: true } } },
        ],
      })],
    }), 'create', '-f', '-');
    await k('wait', '--for=condition=Ready', 'pod/env-pod', '--timeout=60s');
    const env = (await execIn('env-pod', 'main', 'env')).split('\n');
    for (const line of ['MODE=fast', 'SECRET=s3cret', 'CFG_MODE=fast', 'CFG_GREETING=hello', 'PASSWORD=s3cret', 'MSG=fast-s3cret-$(MODE)', 'POD_NAME=env-pod', 'MEM_MI=64']) {
      expect(env).toContain(line);
    }
    expect(env.some((l) => l.startsWith('ABSENT='))).toBe(false);
    expect(await k('logs', 'env-pod')).toContain('msg=fast-s3cret-$(MODE)');
  });

  it('waits in CreateContainerConfigError for a missing ConfigMap and runs once it is created', async () => {
    await kIn(pod('late-pod', {
      containers: [container('main', { command: ['sleep', '3600'], env: [{ name: 'LATE', valueFrom: { configMapKeyRef: { name: 'late-config', key: 'K' } } }] })],
    }), 'create', '-f', '-');
    await eventually(async () => (await k('get', 'pod', 'late-pod', '--no-headers')).includes('CreateContainerConfigError'), 'CreateContainerConfigError', 60_000, 500);
    const waiting = JSON.parse(await k('get', 'pod', 'late-pod', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting}'));
    expect(waiting).toEqual({ reason: 'CreateContainerConfigError', message: 'configmap "late-config" not found' });
    const events = await k('get', 'events', '--field-selector', 'involvedObject.name=late-pod', '-o', 'jsonpath={range .items[*]}{.type}/{.reason}: {.message}{"\\n"}{end}');
    expect(events).toContain('Warning/Failed: Error: configmap "late-config" not found');

    await k('create', 'configmap', 'late-config', '--from-literal=K=arrived');
    await k('wait', '--for=condition=Ready', 'pod/late-pod', '--timeout=60s');
    expect((await execIn('late-pod', 'main', 'sh', '-c', 'echo "$LATE"')).trim()).toBe('arrived');
  }, 120_000);
});

describe('volumes', () => {
  it('mounts a ConfigMap, a Secret and an emptyDir shared by two containers', async () => {
    await kIn(pod('vol-pod', {
      volumes: [
        { name: 'config', configMap: { name: 'app-config' } },
        { name: 'secret', secret: { secretName: 'app-secret', defaultMode: 0o400 } },
        { name: 'shared', emptyDir: {} },
      ],
      containers: [
        container('writer', { command: ['sh', '-c', 'echo from-writer > /shared/msg; exec sleep 3600'], volumeMounts: [{ name: 'shared', mountPath: '/shared' }] }),
        container('reader', {
          command: ['sleep', '3600'],
          volumeMounts: [
            { name: 'shared', mountPath: '/data' },
            { name: 'config', mountPath: '/etc/config' },
            { name: 'config', mountPath: '/etc/mode', subPath: 'MODE' },
            { name: 'secret', mountPath: '/etc/secret' },
          ],
        }),
      ],
    }), 'create', '-f', '-');
    await k('wait', '--for=condition=Ready', 'pod/vol-pod', '--timeout=60s');

    expect(await eventually(async () => (await execIn('vol-pod', 'reader', 'cat', '/data/msg')).trim() || undefined, 'shared file', 20_000)).toBe('from-writer');
    expect(await execIn('vol-pod', 'reader', 'cat', '/etc/config/MODE')).toBe('fast');
    expect(await execIn('vol-pod', 'reader', 'cat', '/etc/mode')).toBe('fast');
    expect(await execIn('vol-pod', 'reader', 'cat', '/etc/secret/PASSWORD')).toBe('s3cret');
    expect((await execIn('vol-pod', 'reader', 'stat', '-L', '-c', '%a', '/etc/secret/PASSWORD')).trim()).toBe('400');
    expect((await execIn('vol-pod', 'reader', 'ls', '-a', '/etc/config')).split(/\s+/)).toEqual(expect.arrayContaining(['..data', 'GREETING', 'MODE']));
    const write = await kubectl(serve.kubeconfig, ['exec', 'vol-pod', '-c', 'reader', '--', 'touch', '/etc/config/new']);
    expect(write.code).not.toBe(0);
    expect(write.stderr).toMatch(/Read-only file system/);

    // On the host: nothing above the volume directories is open to other users.
    const secretDir = (await mountSources('vol-pod')).find((m) => m.destination === '/etc/secret')!.source;
    expect(secretDir).toMatch(/\/pods\/[0-9a-f-]{36}\/volumes\/kubernetes\.io~secret\/secret$/);
    for (const dir of [dirname(secretDir), dirname(dirname(secretDir)), dirname(dirname(dirname(secretDir)))]) {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }

    // A ConfigMap update reaches the volume on the pod's next sync (any change to the pod, or the
    // periodic one within a minute); a subPath mount keeps the file it started with, as upstream.
    await k('patch', 'configmap', 'app-config', '-p', '{"data":{"MODE":"slow"}}');
    await k('annotate', 'pod', 'vol-pod', 'touched=now');
    expect(await eventually(async () => ((await execIn('vol-pod', 'reader', 'cat', '/etc/config/MODE')) === 'slow' ? 'slow' : undefined), 'updated ConfigMap file', 30_000, 500)).toBe('slow');
    expect(await execIn('vol-pod', 'reader', 'cat', '/etc/mode')).toBe('fast');
  });

  it('gives every pod a service-account token the API server accepts, until the pod is gone', async () => {
    const volumes = await k('get', 'pod', 'vol-pod', '-o', 'jsonpath={.spec.volumes[*].name}');
    expect(volumes).toMatch(/\bkube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}\b/);
    const token = await execIn('vol-pod', 'reader', 'cat', `${TOKEN_DIR}/token`);
    expect(await execIn('vol-pod', 'reader', 'cat', `${TOKEN_DIR}/namespace`)).toBe('default');
    const caFile = join(scratch, 'ca.crt');
    writeFileSync(caFile, await execIn('vol-pod', 'writer', 'cat', `${TOKEN_DIR}/ca.crt`));
    const emptyConfig = join(scratch, 'empty-kubeconfig');
    writeFileSync(emptyConfig, 'apiVersion: v1\nkind: Config\n');
    const asPod = (t: string) => kubectl(emptyConfig, ['--server', serve.url, '--certificate-authority', caFile, '--token', t, 'get', 'pod', 'vol-pod', '-o', 'name']);

    const ok = await asPod(token);
    expect(ok.stderr).toBe('');
    expect(ok.stdout.trim()).toBe('pod/vol-pod');
    const forged = await asPod(`${token.slice(0, -4)}AAAA`);
    expect(forged.code).not.toBe(0);
    expect(forged.stderr).toMatch(/Unauthorized/);

    const sources = await mountSources('vol-pod');
    await k('delete', 'pod', 'vol-pod', '--grace-period=1', '--wait=true');
    const after = await asPod(token);
    expect(after.code).not.toBe(0);
    expect(after.stderr).toMatch(/Unauthorized/);
    const podVolumes = sources.filter((m) => m.source.includes('/pods/')).map((m) => m.source.split('/volumes/')[0]);
    expect(podVolumes.length).toBeGreaterThan(0);
    await eventually(async () => podVolumes.every((d) => !existsSync(d)), 'pod volume directories removed', 20_000, 250);
  });
});
