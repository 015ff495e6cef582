/**
 * Container environment: `$(VAR)` expansion as upstream's expansion package, envFrom and env
 * precedence, ConfigMap/Secret/field/resource references, optional references and the error
 * messages a missing object or key gives.
 */
import { describe, expect, it } from 'vitest';
import type { Container, Pod } from './api-types.js';
import { formatMap, podFieldValue, resourceFieldValue, type PodRuntimeFacts } from './downward-api.js';
import { containerEnvironment } from './env.js';
import { expand, expandCommandAndArgs, lookupIn } from './expansion.js';
import { staticConfigObjects } from './testing/config-objects.js';

const facts: PodRuntimeFacts = { podIP: '10.0.0.7', hostIP: '172.31.0.2', allocatable: { cpu: '4', memory: '8Gi' } };

function pod(containers: Container[], extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop', uid: 'uid-1', labels: { app: 'web', tier: 'front' }, annotations: { note: 'say "hi"' }, ...extra },
    spec: { containers, nodeName: 'node-1', serviceAccountName: 'builder' },
  };
}

describe('$(VAR) expansion', () => {
  const lookup = lookupIn({ A: 'a', EMPTY: '' }, { B: 'b', A: 'shadowed' });
  it.each([
    ['$(A)-$(B)', 'a-b'],
    ['$(EMPTY)x', 'x'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(A)', '$(A)'],
    ['$$$(A)', '$a'],
    ['$$', '$'],
    ['$A $', '$A $'],
    ['$(A', '$(A'],
    ['x$()y', 'x$()y'],
    ['(A)', '(A)'],
  ])('%s → %s', (input, out) => {
    expect(expand(input, lookup)).toBe(out);
  });

  it('expands command and args against the final env', () => {
    expect(expandCommandAndArgs(['sh', '-c', 'echo $(GREETING) $$(HOME)'], ['$(N)'], { GREETING: 'hello', N: '3' })).toEqual({
      command: ['sh', '-c', 'echo hello $(HOME)'],
      args: ['3'],
    });
    expect(expandCommandAndArgs(undefined, undefined, {})).toEqual({ command: undefined, args: undefined });
  });
});

describe('containerEnvironment', () => {
  it('takes envFrom first (with prefixes), then env in order, expanding against what is defined so far', async () => {
    const objects = staticConfigObjects();
    objects.setConfigMap('shop/settings', { MODE: 'fast', LEVEL: '2' });
    objects.setSecret('shop/creds', { PASSWORD: 's3cret' });
    const c: Container = {
      name: 'app',
      envFrom: [{ configMapRef: { name: 'settings' } }, { prefix: 'DB_', secretRef: { name: 'creds' } }],
      env: [
        { name: 'LEVEL', value: 'override' },
        { name: 'URL', value: 'postgres://u:$(DB_PASSWORD)@db/$(MODE)?later=$(LATER)' },
        { name: 'LATER', value: 'x' },
        { name: 'BLANK' },
        { name: 'KEY', valueFrom: { configMapKeyRef: { name: 'settings', key: 'MODE' } } },
        { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'PASSWORD' } } },
      ],
    };
    const env = await containerEnvironment({ pod: pod([c]), container: c, objects, facts });
    expect(env).toEqual({
      MODE: 'fast', LEVEL: 'override', DB_PASSWORD: 's3cret',
      URL: 'postgres://u:s3cret@db/fast?later=$(LATER)', LATER: 'x', BLANK: '', KEY: 'fast', PASS: 's3cret',
    });
    expect(objects.reads).toBe(2); // each object read once
  });

  it('resolves fieldRefs and resourceFieldRefs (limits default to the node allocatable, divisors round up)', async () => {
    const c: Container = {
      name: 'app',
      resources: { requests: { cpu: '250m', memory: '100Mi' }, limits: { memory: '1Gi' } },
      env: [
        ['NAME', 'metadata.name'], ['NS', 'metadata.namespace'], ['UID', 'metadata.uid'], ['APP', "metadata.labels['app']"],
        ['NOTE', "metadata.annotations['note']"], ['NONE', "metadata.labels['none']"], ['NODE', 'spec.nodeName'],
        ['SA', 'spec.serviceAccountName'], ['POD_IP', 'status.podIP'], ['HOST_IP', 'status.hostIP'],
      ].map(([name, fieldPath]) => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } }))
        .concat([
          { name: 'CPU_REQ_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } } as never,
          { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } } as never,
          { name: 'CPU_LIM', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } } as never,
          { name: 'MEM_LIM_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } } as never,
          { name: 'MEM_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.memory' } } } as never,
        ]),
    };
    const env = await containerEnvironment({ pod: pod([c]), container: c, objects: staticConfigObjects(), facts });
    expect(env).toEqual({
      NAME: 'web', NS: 'shop', UID: 'uid-1', APP: 'web', NOTE: 'say "hi"', NONE: '', NODE: 'node-1', SA: 'builder',
      POD_IP: '10.0.0.7', HOST_IP: '172.31.0.2',
      CPU_REQ_M: '250', CPU_REQ: '1', CPU_LIM: '4', MEM_LIM_MI: '1024', MEM_REQ: String(100 * 1024 * 1024),
    });
  });

  it('skips optional references to missing objects and keys', async () => {
    const objects = staticConfigObjects();
    objects.setConfigMap('shop/settings', { MODE: 'fast' });
    const c: Container = {
      name: 'app',
      envFrom: [{ configMapRef: { name: 'absent', optional: true } }, { secretRef: { name: 'absent', optional: true } }],
      env: [
        { name: 'A', valueFrom: { configMapKeyRef: { name: 'absent', key: 'x', optional: true } } },
        { name: 'B', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nokey', optional: true } } },
        { name: 'C', valueFrom: { secretKeyRef: { name: 'absent', key: 'x', optional: true } } },
      ],
    };
    expect(await containerEnvironment({ pod: pod([c]), container: c, objects, facts })).toEqual({});
  });

  it.each([
    [{ envFrom: [{ configMapRef: { name: 'absent' } }] }, 'configmap "absent" not found'],
    [{ envFrom: [{ secretRef: { name: 'absent' } }] }, 'secret "absent" not found'],
    [{ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'k' } } }] }, 'configmap "absent" not found'],
    [{ env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'settings', key: 'nokey' } } }] }, "couldn't find key nokey in ConfigMap shop/settings"],
    [{ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'creds', key: 'nokey' } } }] }, "couldn't find key nokey in Secret shop/creds"],
    [{ env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'absent', key: 'k' } } }] }, 'secret "absent" not found'],
  ])('fails with upstream wording: %j', async (spec, message) => {
    const objects = staticConfigObjects();
    objects.setConfigMap('shop/settings', { MODE: 'fast' });
    objects.setSecret('shop/creds', { PASSWORD: 'p' });
    const c: Container = { name: 'app', ...(spec as Partial<Container>) };
    await expect(containerEnvironment({ pod: pod([c]), container: c, objects, facts })).rejects.toThrow(message);
  });
});

describe('downward API values', () => {
  it('formats whole label and annotation maps like upstream FormatMap', () => {
    expect(formatMap({ b: '2', a: 'x"y' })).toBe('a="x\\"y"\nb="2"');
    expect(podFieldValue(pod([]), 'metadata.labels')).toBe('app="web"\ntier="front"');
    expect(() => podFieldValue(pod([]), 'spec.nodeName')).toThrow('unsupported fieldPath: spec.nodeName');
  });

  it('reads another container by name and rejects unknown resources', () => {
    const p = pod([{ name: 'a' }, { name: 'b', resources: { limits: { cpu: '1500m' } } }]);
    expect(resourceFieldValue(p, undefined, { containerName: 'b', resource: 'limits.cpu' }, facts)).toBe('2');
    expect(() => resourceFieldValue(p, undefined, { containerName: 'zz', resource: 'limits.cpu' }, facts)).toThrow('container zz not found');
    expect(() => resourceFieldValue(p, p.spec!.containers![0], { resource: 'limits.gpu' }, facts)).toThrow('unsupported container resource : limits.gpu');
  });
});
