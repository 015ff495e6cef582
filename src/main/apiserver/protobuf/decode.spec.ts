/**
 * The objects kubectl's generators send, built byte by byte the way gogo-protobuf writes them
 * (every non-pointer field present, zero or not), decoded and compared with what a JSON client
 * sends for the same command.
 */
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './decode.js';
import {
  bool, bytes, envelope, int, intOrString, mapField, msg, objectMeta, repeated, str, stringMap, type Field,
} from './testing/encoder.js';

const decode = (apiVersion: string, kind: string, fields: Field[]): Record<string, unknown> =>
  decodeKubernetesProtobuf(envelope(apiVersion, kind, fields)).object;

/** core/v1 Container as gogo writes one with a name, an image and container ports. */
function container(name: string, image: string, ports: number[]): Field[] {
  return [
    [1, str(name)], [2, str(image)], [5, str('')],
    ...repeated(6, ports.map((p) => msg([1, str('')], [2, int(0)], [3, int(p)], [4, str('')], [5, str('')]))),
    [8, msg()], [13, str('')], [14, str('')], [16, bool(false)], [17, bool(false)], [18, bool(false)], [20, str('')],
  ];
}

/** core/v1 PodSpec as gogo writes one that only has containers. */
function podSpec(containers: Field[][]): Field[] {
  return [
    ...repeated(2, containers.map((c) => msg(...c))),
    [3, str('')], [6, str('')], [8, str('')], [9, str('')], [10, str('')], [11, bool(false)], [12, bool(false)],
    [13, bool(false)], [16, str('')], [17, str('')], [19, str('')], [24, str('')],
  ];
}

/** apps/v1 DeploymentStatus with every counter zero. */
const emptyDeploymentStatus = msg([1, int(0)], [2, int(0)], [3, int(0)], [4, int(0)], [5, int(0)], [7, int(0)]);

describe('decodeKubernetesProtobuf', () => {
  it('decodes `kubectl create namespace demo`', () => {
    const object = decode('v1', 'Namespace', [[1, objectMeta({ name: 'demo' })], [2, msg()], [3, msg([1, str('')])]]);
    expect(object).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' }, spec: {}, status: {} });
  });

  it('decodes a ConfigMap with data, keeping an explicit immutable: false (a Go pointer)', () => {
    const object = decode('v1', 'ConfigMap', [
      [1, objectMeta({ name: 'foo', namespace: 'default' })],
      ...stringMap(2, { a: 'b', empty: '' }),
      [4, bool(false)],
    ]);
    expect(object).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foo', namespace: 'default' }, data: { a: 'b', empty: '' },
      immutable: false,
    });
  });

  it('decodes a Secret, writing its bytes data as base64', () => {
    const object = decode('v1', 'Secret', [
      [1, objectMeta({ name: 's1' })],
      ...mapField(2, { password: str('hunter2'), blob: bytes(Uint8Array.from([0, 1, 2, 255])), empty: str('') }),
      [3, str('Opaque')],
      ...stringMap(4, { plain: 'text' }),
    ]);
    expect(object).toEqual({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' },
      data: { password: 'aHVudGVyMg==', blob: 'AAEC/w==', empty: '' }, type: 'Opaque', stringData: { plain: 'text' },
    });
  });

  it('decodes `kubectl create deployment web --image=nginx --replicas=2 --port=80`', () => {
    const labels = stringMap(1, { app: 'web' });
    const object = decode('apps/v1', 'Deployment', [
      [1, objectMeta({ name: 'web', labels: { app: 'web' } })],
      [2, msg(
        [1, int(2)],
        [2, msg(...labels)],
        [3, msg([1, objectMeta({ labels: { app: 'web' } })], [2, msg(...podSpec([container('nginx', 'nginx', [80])]))])],
        [4, msg([1, str('')])],
        [5, int(0)],
        [7, bool(false)],
      )],
      [3, emptyDeploymentStatus],
    ]);
    expect(object).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], resources: {} }] },
        },
        strategy: {},
      },
      status: {},
    });
  });

  it('keeps zero values of pointer fields: replicas: 0, revisionHistoryLimit: 0, maxUnavailable: 0', () => {
    const object = decode('apps/v1', 'Deployment', [
      [1, objectMeta({ name: 'web' })],
      [2, msg(
        [1, int(0)],
        [4, msg([1, str('RollingUpdate')], [2, msg([1, intOrString(0)], [2, intOrString('25%')])])],
        [6, int(0)],
      )],
    ]);
    expect(object.spec).toEqual({
      replicas: 0, revisionHistoryLimit: 0,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
    });
  });

  it('decodes `kubectl create service nodeport web --tcp=80:8080`', () => {
    const object = decode('v1', 'Service', [
      [1, objectMeta({ name: 'web', labels: { app: 'web' } })],
      [2, msg(
        [1, msg([1, str('80-8080')], [2, str('TCP')], [3, int(80)], [4, intOrString(8080)], [5, int(0)])],
        ...stringMap(2, { app: 'web' }),
        [3, str('')], [4, str('NodePort')], [7, str('')], [8, str('')], [10, str('')], [11, str('')], [12, int(0)],
        [13, bool(false)],
      )],
      [3, msg([1, msg()])],
    ]);
    expect(object).toEqual({
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        ports: [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }],
        selector: { app: 'web' },
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    });
  });

  it('decodes an Eviction with deleteOptions (gracePeriodSeconds 0 is a real value)', () => {
    const object = decode('policy/v1', 'Eviction', [
      [1, objectMeta({ name: 'p1', namespace: 'default' })],
      [2, msg([1, int(0)], [5, str('All')])],
    ]);
    expect(object).toEqual({
      apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p1', namespace: 'default' },
      deleteOptions: { gracePeriodSeconds: 0, dryRun: ['All'] },
    });
  });

  it('decodes an Eviction whose deleteOptions are empty, as kubectl drain sends them', () => {
    const object = decode('policy/v1', 'Eviction', [[1, objectMeta({ name: 'p1', namespace: 'default' })], [2, msg()]]);
    expect(object.deleteOptions).toEqual({});
  });

  it('decodes DeleteOptions with a propagation policy and preconditions', () => {
    const object = decode('v1', 'DeleteOptions', [
      [2, msg([1, str('6f0c')], [2, str('42')])],
      [3, bool(false)],
      [4, str('Foreground')],
    ]);
    expect(object).toEqual({
      apiVersion: 'v1', kind: 'DeleteOptions', preconditions: { uid: '6f0c', resourceVersion: '42' },
      orphanDependents: false, propagationPolicy: 'Foreground',
    });
  });

  it('accepts DeleteOptions under the group of the resource and under meta.k8s.io', () => {
    expect(decode('apps/v1', 'DeleteOptions', [[4, str('Orphan')]])).toEqual({
      apiVersion: 'apps/v1', kind: 'DeleteOptions', propagationPolicy: 'Orphan',
    });
    expect(decode('meta.k8s.io/v1', 'DeleteOptions', [[1, int(30)]])).toEqual({
      apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', gracePeriodSeconds: 30,
    });
  });

  it('writes a real creationTimestamp, and leaves out the zero one generators send', () => {
    const object = decode('v1', 'ConfigMap', [[1, objectMeta({ name: 'a', creationTimestamp: '2024-05-01T10:00:00Z' })]]);
    expect(object.metadata).toEqual({ name: 'a', creationTimestamp: '2024-05-01T10:00:00Z' });
    const zero = decode('v1', 'ConfigMap', [[1, objectMeta({ name: 'a' })]]);
    expect(zero.metadata).toEqual({ name: 'a' });
  });
});
