import { describe, expect, it } from 'vitest';
import { findTypeErrors, findUnknownFields, validateFields } from './strict.js';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';
const POD = 'io.k8s.api.core.v1.Pod';

function deployment(overrides: { spec?: Record<string, unknown>; podSpec?: Record<string, unknown> } = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      labels: { app: 'web', 'app.kubernetes.io/name': 'web' },
      annotations: { 'deployment.kubernetes.io/revision': '1', anything: 'goes' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              ports: [{ containerPort: 80, protocol: 'TCP' }],
              env: [{ name: 'A', value: 'b' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi' } },
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
              livenessProbe: { tcpSocket: { port: 80 } },
            },
          ],
          volumes: [{ name: 'cache', emptyDir: { sizeLimit: '1Gi' } }],
          tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          ...overrides.podSpec,
        },
      },
      ...overrides.spec,
    },
  };
}

describe('findUnknownFields', () => {
  it('accepts a valid deployment, including apiVersion and kind at the top', () => {
    expect(findUnknownFields(deployment(), DEPLOYMENT)).toEqual([]);
  });

  it('names unknown fields at the spec level', () => {
    expect(findUnknownFields(deployment({ spec: { replicaz: 3 } }), DEPLOYMENT)).toEqual(['unknown field "spec.replicaz"']);
  });

  it('names unknown fields deep inside list items, with indices', () => {
    const obj = deployment();
    (obj.spec.template.spec.containers[0] as Record<string, unknown>).imagee = 'nginx';
    (obj.spec.template.spec.containers[0]!.ports[0] as Record<string, unknown>).hostPot = 8080;
    // In document order: `ports` comes before the `imagee` key appended at the end.
    expect(findUnknownFields(obj, DEPLOYMENT)).toEqual([
      'unknown field "spec.template.spec.containers[0].ports[0].hostPot"',
      'unknown field "spec.template.spec.containers[0].imagee"',
    ]);
  });

  it('descends through refs into volumes, probes and metadata', () => {
    const obj = deployment({
      podSpec: { volumes: [{ name: 'cfg', configMap: { name: 'x', itemz: [] } }] },
    });
    (obj.spec.template.spec.containers[0]!.readinessProbe.httpGet as Record<string, unknown>).paht = '/';
    (obj.metadata as Record<string, unknown>).labelz = {};
    expect(findUnknownFields(obj, DEPLOYMENT)).toEqual([
      'unknown field "metadata.labelz"',
      'unknown field "spec.template.spec.containers[0].readinessProbe.httpGet.paht"',
      'unknown field "spec.template.spec.volumes[0].configMap.itemz"',
    ]);
  });

  it('does not flag keys of maps (labels, annotations, nodeSelector, resources, data)', () => {
    expect(findUnknownFields(deployment(), DEPLOYMENT)).toEqual([]);
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'any.key': 'v', other: 'x' } };
    expect(findUnknownFields(configMap, 'io.k8s.api.core.v1.ConfigMap')).toEqual([]);
  });

  it('flags apiVersion and kind below the top level', () => {
    const obj = deployment();
    (obj.spec as Record<string, unknown>).kind = 'Deployment';
    expect(findUnknownFields(obj, DEPLOYMENT)).toEqual(['unknown field "spec.kind"']);
  });

  it('knows status fields and the free-form managedFields content', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:x': {} } } }],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true }],
      },
      spec: { containers: [{ name: 'c', image: 'i' }] },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }],
        containerStatuses: [{
          name: 'c', ready: true, restartCount: 0, image: 'i', imageID: 'sha',
          state: { running: { startedAt: '2024-01-01T00:00:00Z' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', bogus: 1 } },
        }],
      },
    };
    expect(findUnknownFields(pod, POD)).toEqual(['unknown field "status.containerStatuses[0].lastState.terminated.bogus"']);
  });

  it('ignores values of the wrong shape (reported by findTypeErrors instead)', () => {
    expect(findUnknownFields({ spec: { containers: 'nope' } }, POD)).toEqual([]);
  });

  it('throws for an unknown definition', () => {
    expect(() => findUnknownFields({}, 'io.k8s.api.core.v1.Nope')).toThrow(/no definition/);
  });
});

describe('findTypeErrors', () => {
  it('accepts a valid deployment, with int-or-string and number quantities', () => {
    expect(findTypeErrors(deployment(), DEPLOYMENT)).toEqual([]);
  });

  it('reports a string where an integer belongs', () => {
    expect(findTypeErrors(deployment({ spec: { replicas: '3' } }), DEPLOYMENT)).toEqual([
      { field: 'spec.replicas', detail: 'expected integer, got string "3"' },
    ]);
  });

  it('reports wrong types deep inside lists', () => {
    const obj = deployment();
    (obj.spec.template.spec.containers[0]!.ports[0] as Record<string, unknown>).containerPort = '80';
    (obj.spec.template.spec.containers[0] as Record<string, unknown>).stdin = 'yes';
    (obj.spec.template.spec.containers[0] as Record<string, unknown>).command = 'sleep 1';
    expect(findTypeErrors(obj, DEPLOYMENT).map((e) => e.field)).toEqual([
      'spec.template.spec.containers[0].ports[0].containerPort',
      'spec.template.spec.containers[0].stdin',
      'spec.template.spec.containers[0].command',
    ]);
  });

  it('accepts integers and strings for int-or-string, but not floats or booleans', () => {
    const errors = findTypeErrors(
      deployment({ spec: { strategy: { rollingUpdate: { maxSurge: 1.5, maxUnavailable: true } } } }),
      DEPLOYMENT,
    );
    expect(errors).toEqual([
      { field: 'spec.strategy.rollingUpdate.maxSurge', detail: 'expected integer or string, got number 1.5' },
      { field: 'spec.strategy.rollingUpdate.maxUnavailable', detail: 'expected integer or string, got boolean true' },
    ]);
  });

  it('checks quantities: numbers and quantity strings pass, other strings do not', () => {
    const obj = deployment();
    (obj.spec.template.spec.containers[0] as Record<string, unknown>).resources = {
      requests: { cpu: 0.5, memory: 'lots' },
      limits: { cpu: '2', memory: '1Gi' },
    };
    expect(findTypeErrors(obj, DEPLOYMENT)).toEqual([
      { field: 'spec.template.spec.containers[0].resources.requests.memory', detail: expect.stringContaining('quantities must match') },
    ]);
  });

  it('checks object, array, boolean, int32 range, base64 and date-time', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: [], data: { ok: 'aGVsbG8=', bad: 'hello!' }, immutable: 'true' };
    expect(findTypeErrors(secret, 'io.k8s.api.core.v1.Secret')).toEqual([
      { field: 'metadata', detail: 'expected object, got array' },
      { field: 'data.bad', detail: 'illegal base64 data' },
      { field: 'immutable', detail: 'expected boolean, got string "true"' },
    ]);
    const pod = {
      metadata: { creationTimestamp: 'yesterday' },
      spec: { containers: { name: 'c' }, priority: 2 ** 31 },
    };
    expect(findTypeErrors(pod, POD)).toEqual([
      { field: 'metadata.creationTimestamp', detail: 'expected an RFC 3339 date-time, got string "yesterday"' },
      { field: 'spec.containers', detail: 'expected array, got object' },
      { field: 'spec.priority', detail: '2147483648 does not fit in a 32-bit integer' },
    ]);
  });

  it('accepts null anywhere and skips unknown fields', () => {
    const obj = deployment({ spec: { replicas: null, strategy: null, bogus: 'x' } });
    expect(findTypeErrors(obj, DEPLOYMENT)).toEqual([]);
  });
});

describe('validateFields', () => {
  it('reports both kinds of problem in one pass', () => {
    const result = validateFields(deployment({ spec: { replicaz: 1, replicas: 'x' } }), DEPLOYMENT);
    expect(result.unknownFields).toEqual(['unknown field "spec.replicaz"']);
    expect(result.typeErrors.map((e) => e.field)).toEqual(['spec.replicas']);
  });

  it('validates a large pod quickly', () => {
    const containers = Array.from({ length: 20 }, (_, i) => ({
      ...deployment().spec.template.spec.containers[0],
      name: `c${i}`,
    }));
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } };
    const start = performance.now();
    for (let i = 0; i < 1000; i++) validateFields(pod, POD);
    const perPod = (performance.now() - start) / 1000;
    expect(perPod).toBeLessThan(1);
  });
});
