/**
 * What a new user does with kubectl against `pilothouse serve` (issue: control plane foundation,
 * "What must be shown"). Real CLI process, real kubectl, the kubeconfig that serve wrote.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl, kubectlOk, kubectlStream } from './support/kubectl.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

const manifest = readFileSync(new URL('./fixtures/web-app.yaml', import.meta.url), 'utf8');
let serve: ServeProcess;
const k = (...args: string[]) => kubectlOk(serve.kubeconfig, args);
const kIn = (input: string, ...args: string[]) => kubectlOk(serve.kubeconfig, args, input);

beforeAll(async () => {
  serve = await startServe();
});

afterAll(async () => {
  await serve?.stop();
  serve?.cleanup();
});

describe('kubectl against pilothouse serve', () => {
  it('lists the served resources', async () => {
    const out = await k('api-resources');
    for (const line of [
      /^pods\s+po\s+v1\s+true\s+Pod$/m,
      /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
      /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m,
      /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m,
      /^endpointslices\s+discovery\.k8s\.io\/v1\s+true\s+EndpointSlice$/m,
      /^ingresses\s+ing\s+networking\.k8s\.io\/v1\s+true\s+Ingress$/m,
    ]) {
      expect(out).toMatch(line);
    }
  });

  it('creates a namespace and applies a manifest: created, then configured, then unchanged', async () => {
    expect(await k('create', 'namespace', 'demo')).toContain('namespace/demo created');
    const first = await kIn(manifest, 'apply', '-f', '-');
    expect(first).toContain('deployment.apps/web created');
    expect(first).toContain('service/web created');
    expect(first).toContain('configmap/web-config created');
    const edited = manifest.replace('greeting: hello', 'greeting: bonjour').replace('replicas: 2', 'replicas: 4');
    const second = await kIn(edited, 'apply', '-f', '-');
    expect(second).toContain('deployment.apps/web configured');
    expect(second).toContain('service/web unchanged');
    expect(second).toContain('configmap/web-config configured');
    expect(await k('get', 'cm', 'web-config', '-n', 'demo', '-o', 'jsonpath={.data.greeting}')).toBe('bonjour');
    expect(await k('get', 'deploy', 'web', '-n', 'demo', '-o', 'jsonpath={.spec.replicas}')).toBe('4');
  });

  it('prints real columns with -o wide', async () => {
    const out = await k('get', 'deploy,svc,cm', '-n', 'demo', '-o', 'wide');
    expect(out).toMatch(/NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR/);
    // No nodes in this cluster: the Deployment's pods exist (UP-TO-DATE) but none is available.
    expect(out).toMatch(/deployment\.apps\/web\s+0\/4\s+\d\s+0\s+\S+\s+web\s+busybox:1\.36\s+app=web/);
    expect(out).toMatch(/NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR/);
    expect(out).toMatch(/service\/web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+8080\/TCP\s+\S+\s+app=web/);
    expect(out).toMatch(/configmap\/web-config\s+1\s+\S+/);
  });

  it('streams changes to kubectl get -w made from another shell', async () => {
    const watch = kubectlStream(serve.kubeconfig, ['get', 'cm', '-n', 'demo', '-w']);
    try {
      await watch.waitFor(/web-config/);
      await k('create', 'configmap', 'watched', '-n', 'demo', '--from-literal=a=1');
      await watch.waitFor(/watched\s+1\s+/);
      await k('patch', 'configmap', 'watched', '-n', 'demo', '--type=merge', '-p', '{"data":{"b":"2"}}');
      await watch.waitFor(/watched\s+2\s+/);
    } finally {
      watch.stop();
    }
  });

  it('labels, annotates and scales', async () => {
    expect(await k('label', 'deploy', 'web', '-n', 'demo', 'tier=frontend')).toContain('deployment.apps/web labeled');
    expect(await k('annotate', 'deploy', 'web', '-n', 'demo', 'owner=team-a')).toContain('deployment.apps/web annotated');
    expect(await k('scale', 'deploy/web', '-n', 'demo', '--replicas=3')).toContain('deployment.apps/web scaled');
    const obj = JSON.parse(await k('get', 'deploy', 'web', '-n', 'demo', '-o', 'json'));
    expect(obj.metadata.labels.tier).toBe('frontend');
    expect(obj.metadata.annotations.owner).toBe('team-a');
    expect(obj.spec.replicas).toBe(3);
    expect(obj.metadata.generation).toBeGreaterThan(1);
    expect(await k('label', 'deploy', 'web', '-n', 'demo', 'tier-')).toContain('unlabeled');
  });

  it('selects pods by label and field', async () => {
    for (const [name, app] of [['a-1', 'x'], ['a-2', 'x'], ['b-1', 'y']]) {
      await kIn(
        JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'demo', labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }),
        'create', '-f', '-',
      );
    }
    const byLabel = await k('get', 'pods', '-n', 'demo', '-l', 'app=x', '-o', 'name');
    expect(byLabel.trim().split('\n').sort()).toEqual(['pod/a-1', 'pod/a-2']);
    const notX = await k('get', 'pods', '-n', 'demo', '-l', 'app in (x,y),app!=x', '-o', 'name');
    expect(notX.trim()).toBe('pod/b-1');
    const byField = await k('get', 'pods', '-n', 'demo', '--field-selector', 'metadata.name=a-2', '-o', 'name');
    expect(byField.trim()).toBe('pod/a-2');
    const pending = await k('get', 'pods', '-n', 'demo', '-l', 'app in (x,y)', '--field-selector', 'status.phase=Pending', '-o', 'name');
    expect(pending.trim().split('\n')).toHaveLength(3);
    const table = await k('get', 'pods', '-n', 'demo');
    expect(table).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(table).toMatch(/a-1\s+0\/1\s+Pending\s+0\s+/);
  });

  it('describes objects', async () => {
    const out = await k('describe', 'deploy', 'web', '-n', 'demo');
    expect(out).toMatch(/Name:\s+web/);
    expect(out).toMatch(/Namespace:\s+demo/);
    expect(out).toMatch(/Replicas:\s+3 desired/);
    expect(out).toMatch(/StrategyType:\s+RollingUpdate/);
    expect(out).toMatch(/Image:\s+busybox:1\.36/);
    const svc = await k('describe', 'svc', 'web', '-n', 'demo');
    expect(svc).toMatch(/TargetPort:\s+80\/TCP/);
  });

  it('refuses an update computed from a stale resourceVersion', async () => {
    const stale = JSON.parse(await k('get', 'cm', 'web-config', '-n', 'demo', '-o', 'json'));
    await k('patch', 'configmap', 'web-config', '-n', 'demo', '--type=merge', '-p', '{"data":{"greeting":"hi"}}');
    stale.data.greeting = 'stale write';
    const r = await kubectl(serve.kubeconfig, ['replace', '-f', '-'], JSON.stringify(stale));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Operation cannot be fulfilled on configmaps "web-config": the object has been modified; please apply your changes to the latest version and try again');
    expect(await k('get', 'cm', 'web-config', '-n', 'demo', '-o', 'jsonpath={.data.greeting}')).toBe('hi');
  });

  it('deletes what a manifest created', async () => {
    const out = await kIn(manifest, 'delete', '-f', '-');
    expect(out).toContain('deployment.apps "web" deleted');
    expect(out).toContain('service "web" deleted');
    const r = await kubectl(serve.kubeconfig, ['get', 'deploy', 'web', '-n', 'demo']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('deployments.apps "web" not found');
  });

  it('deletes a namespace with its content', async () => {
    await k('create', 'configmap', 'leftover', '-n', 'demo', '--from-literal=x=y');
    expect(await k('delete', 'namespace', 'demo', '--wait=true', '--timeout=60s')).toContain('namespace "demo" deleted');
    const r = await kubectl(serve.kubeconfig, ['get', 'namespace', 'demo']);
    expect(r.stderr).toContain('namespaces "demo" not found');
    const cms = await k('get', 'cm', '-n', 'demo', '-o', 'name');
    expect(cms.trim()).toBe('');
  });

  it('will not delete a system namespace', async () => {
    const r = await kubectl(serve.kubeconfig, ['delete', 'namespace', 'kube-system']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('namespaces "kube-system" is forbidden: this namespace may not be deleted');
  });
});
