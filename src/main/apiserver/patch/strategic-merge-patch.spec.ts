/**
 * Strategic merge patches as kubectl sends them: client-side `kubectl apply` 3-way patches,
 * `kubectl rollout restart`, `kubectl cordon`, and hand-written `kubectl patch` bodies.
 */
import { describe, expect, it } from 'vitest';
import { strategicMergePatch } from './strategic-merge-patch.js';
import { resolveTestDefinition } from './test-definitions.js';
import type { JsonObject, JsonValue } from './json-value.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function patchAs(kind: string, original: JsonObject, patch: JsonValue): JsonObject {
  return strategicMergePatch(original, patch, kind, resolveTestDefinition);
}

function deployment(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      labels: { app: 'web', tier: 'frontend' },
      annotations: { [LAST_APPLIED]: '{"old":true}\n', 'deployment.kubernetes.io/revision': '1' },
    },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
            { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
          ],
          tolerations: [{ key: 'k', operator: 'Exists' }],
          volumes: [{ name: 'data', configMap: { name: 'cfg' } }],
        },
      },
    },
    status: { replicas: 2 },
  };
}

const containersOf = (obj: JsonObject) => (((obj.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[];
const podSpecOf = (obj: JsonObject) => ((obj.spec as JsonObject).template as JsonObject).spec as JsonObject;

describe('kubectl apply (client-side 3-way patches)', () => {
  it('changes a container image, keeping the fields the patch does not mention', () => {
    const result = patchAs('Deployment', deployment(), {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }], containers: [{ image: 'nginx:2', name: 'web' }] } } },
    });
    expect(containersOf(result)).toEqual([
      { name: 'web', image: 'nginx:2', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      { name: 'sidecar', image: 'busybox', args: ['sleep', '3600'] },
    ]);
  });

  it('accepts the exact body kubectl sends for a one-container image change', () => {
    const original = deployment();
    containersOf(original).splice(1, 1);
    const result = patchAs('Deployment', original, {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ image: 'nginx:2', name: 'web' }] } } },
    });
    expect(containersOf(result).map((c) => [c.name, c.image])).toEqual([['web', 'nginx:2']]);
  });

  it('removes a label with null and updates the last-applied-configuration annotation', () => {
    const result = patchAs('Deployment', deployment(), {
      metadata: { annotations: { [LAST_APPLIED]: '{"new":true}\n' }, labels: { tier: null } },
    });
    const metadata = result.metadata as JsonObject;
    expect(metadata.labels).toEqual({ app: 'web' });
    expect(metadata.annotations).toEqual({ [LAST_APPLIED]: '{"new":true}\n', 'deployment.kubernetes.io/revision': '1' });
  });

  it('adds a port to a container (ports merge by containerPort)', () => {
    const result = patchAs('Deployment', deployment(), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ '$setElementOrder/ports': [{ containerPort: 80 }, { containerPort: 443 }], name: 'web', ports: [{ containerPort: 443, name: 'https' }] }],
          },
        },
      },
    });
    expect(containersOf(result)[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, name: 'https' }]);
  });

  it('removes an env var with $patch: delete', () => {
    const result = patchAs('Deployment', deployment(), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }], name: 'web' }],
          },
        },
      },
    });
    expect(containersOf(result)[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('adds a container in the order given by $setElementOrder', () => {
    const result = patchAs('Deployment', deployment(), {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'init' }, { name: 'web' }, { name: 'sidecar' }],
            containers: [{ name: 'init', image: 'alpine' }],
          },
        },
      },
    });
    expect(containersOf(result).map((c) => c.name)).toEqual(['init', 'web', 'sidecar']);
  });

  it('removes a container that is no longer in the manifest', () => {
    const result = patchAs('Deployment', deployment(), {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'web' }], containers: [{ $patch: 'delete', name: 'sidecar' }] } } },
    });
    expect(containersOf(result).map((c) => c.name)).toEqual(['web']);
  });

  it('replaces an atomic list (tolerations) and a list without a strategy (args)', () => {
    const result = patchAs('Deployment', deployment(), {
      spec: {
        template: {
          spec: {
            tolerations: [{ key: 'other', operator: 'Equal', value: 'x' }],
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [{ name: 'sidecar', args: ['sleep', '10'] }],
          },
        },
      },
    });
    expect(podSpecOf(result).tolerations).toEqual([{ key: 'other', operator: 'Equal', value: 'x' }]);
    expect(containersOf(result)[1].args).toEqual(['sleep', '10']);
  });

  it('switches a volume source using $retainKeys (volumes are merge,retainKeys)', () => {
    const result = patchAs('Deployment', deployment(), {
      spec: { template: { spec: { '$setElementOrder/volumes': [{ name: 'data' }], volumes: [{ $retainKeys: ['emptyDir', 'name'], emptyDir: {}, name: 'data' }] } } },
    });
    expect(podSpecOf(result).volumes).toEqual([{ name: 'data', emptyDir: {} }]);
  });

  it('switches the deployment strategy to Recreate, clearing rollingUpdate via $retainKeys', () => {
    const result = patchAs('Deployment', deployment(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } });
    expect((result.spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
  });

  it('adds and removes finalizers (a merge set of strings)', () => {
    const original: JsonObject = { metadata: { name: 'p', finalizers: ['a', 'b'] } };
    const added = patchAs('Pod', original, { metadata: { '$setElementOrder/finalizers': ['a', 'b', 'c'], finalizers: ['c'] } });
    expect((added.metadata as JsonObject).finalizers).toEqual(['a', 'b', 'c']);
    const removed = patchAs('Pod', added, { metadata: { '$setElementOrder/finalizers': ['a', 'c'], '$deleteFromPrimitiveList/finalizers': ['b'] } });
    expect((removed.metadata as JsonObject).finalizers).toEqual(['a', 'c']);
  });

  it('adds a Service port (ports merge by port)', () => {
    const service: JsonObject = { metadata: { name: 's' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } };
    const result = patchAs('Service', service, {
      spec: { '$setElementOrder/ports': [{ port: 80 }, { port: 443 }], ports: [{ name: 'https', port: 443, targetPort: 8443 }] },
    });
    expect((result.spec as JsonObject).ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'https', port: 443, targetPort: 8443 },
    ]);
  });
});

describe('other kubectl commands that send strategic merge patches', () => {
  it('kubectl rollout restart sets a pod template annotation', () => {
    const result = patchAs('Deployment', deployment(), {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-02T03:04:05Z' } } } },
    });
    expect(((result.spec as JsonObject).template as JsonObject).metadata).toEqual({
      labels: { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-01-02T03:04:05Z' },
    });
  });

  it('kubectl cordon and uncordon toggle spec.unschedulable', () => {
    const node: JsonObject = { metadata: { name: 'n1' }, spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } };
    const cordoned = patchAs('Node', node, { spec: { unschedulable: true } });
    expect(cordoned.spec).toEqual({ taints: [{ key: 'a', effect: 'NoSchedule' }], unschedulable: true });
    const uncordoned = patchAs('Node', cordoned, { spec: { unschedulable: null } });
    expect(uncordoned.spec).toEqual({ taints: [{ key: 'a', effect: 'NoSchedule' }] });
  });

  it('kubectl patch that adds a container without $setElementOrder puts it first, as real clusters do', () => {
    const result = patchAs('Deployment', deployment(), { spec: { template: { spec: { containers: [{ name: 'extra', image: 'redis' }] } } } });
    expect(containersOf(result).map((c) => c.name)).toEqual(['extra', 'web', 'sidecar']);
  });

  it('kubectl patch can set a field the object did not have, dropping nulls inside it', () => {
    const result = patchAs('Pod', { metadata: { name: 'p' }, spec: { containers: [] } }, {
      spec: { securityContext: { runAsUser: 1000, runAsNonRoot: null } },
    });
    expect((result.spec as JsonObject).securityContext).toEqual({ runAsUser: 1000 });
  });
});

describe('inputs are never modified', () => {
  it('leaves the original and the patch untouched and shares no objects with them', () => {
    const original = deepFreeze(deployment());
    const patch = deepFreeze<JsonObject>({
      metadata: { labels: { tier: null, extra: 'x' } },
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'new' }, { name: 'web' }, { name: 'sidecar' }],
            containers: [
              { name: 'new', image: 'redis', env: [{ name: 'X', value: '1' }] },
              { name: 'web', '$setElementOrder/env': [{ name: 'A' }], env: [{ $patch: 'delete', name: 'B' }] },
            ],
            tolerations: [{ key: 'z', operator: 'Exists' }],
          },
        },
      },
    });
    const before = JSON.stringify([original, patch]);
    const result = patchAs('Deployment', original, patch);
    expect(JSON.stringify([original, patch])).toBe(before);

    // Mutating the result must not reach either input.
    containersOf(result)[0].image = 'changed';
    (podSpecOf(result).tolerations as JsonObject[])[0].key = 'changed';
    ((result.metadata as JsonObject).labels as JsonObject).app = 'changed';
    expect(JSON.stringify([original, patch])).toBe(before);
  });
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
