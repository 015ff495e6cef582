/**
 * The harder corners of message decoding: Go structs embedded inline, maps of quantities,
 * packed and negative integers, times and micro-times, pointers whose zero value counts, and the
 * errors for anything that cannot be decoded exactly.
 */
import { describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf } from './decode.js';
import { ProtobufDecodeError } from './errors.js';
import {
  bool, encodeMessage, envelope, int, intOrString, mapField, msg, objectMeta, packed, quantity, repeated, str,
  time, type Field,
} from './testing/encoder.js';

const MAGIC = Buffer.from('k8s\0', 'latin1');
const decode = (apiVersion: string, kind: string, fields: Field[]): Record<string, unknown> =>
  decodeKubernetesProtobuf(envelope(apiVersion, kind, fields)).object;

describe('Pod', () => {
  const pod = (): Record<string, unknown> =>
    decode('v1', 'Pod', [
      [1, objectMeta({
        name: 'p', namespace: 'default', creationTimestamp: '2024-05-01T10:00:00Z',
        extra: [
          [13, msg([1, str('ReplicaSet')], [3, str('rs')], [4, str('u1')], [5, str('apps/v1')], [6, bool(true)])],
          [17, msg([1, str('kubectl')], [2, str('Update')], [3, str('v1')], [4, time('2024-05-01T10:00:00Z')],
            [6, str('FieldsV1')], [7, msg([1, str('{"f:spec":{}}')])])],
        ],
      })],
      [2, msg(
        // volumes: ConfigMap name in the embedded LocalObjectReference, hostPath type "" (a pointer)
        [1, msg([1, str('cfg')], [2, msg([19, msg([1, msg([1, str('settings')])], [3, int(420)])])])],
        [1, msg([1, str('host')], [2, msg([1, msg([1, str('/var/log')], [2, str('')])])])],
        [1, msg([1, str('scratch')], [2, msg([2, msg([1, str('Memory')], [2, quantity('64Mi')])])])],
        [2, msg(
          [1, str('app')], [2, str('nginx')],
          [7, msg([1, str('PASSWORD')], [2, str('')], [3, msg([4, msg([1, msg([1, str('db')])], [2, str('pw')])])])],
          [8, msg(...mapField(1, { cpu: quantity('500m'), memory: quantity('128Mi') }), ...mapField(2, { cpu: quantity('250m') }))],
          // readinessProbe: httpGet lives in the embedded ProbeHandler (field 1)
          [11, msg([1, msg([2, msg([1, str('/healthz'), ], [2, intOrString('http')])])], [2, int(0)], [4, int(5)])],
          [15, msg([4, int(0)], [5, bool(true)])],
        )],
        [4, int(0)],
        [14, msg([4, packed([1000, 2000])], [5, int(3000)])],
        [22, msg([1, str('node.kubernetes.io/not-ready')], [2, str('Exists')], [3, str('')], [4, str('NoExecute')], [5, int(300)])],
        // ephemeral container: Container fields in the embedded EphemeralContainerCommon (field 1)
        [34, msg([1, msg([1, str('debug')], [2, str('busybox')], [16, bool(true)])], [2, str('app')])],
      )],
      [3, msg(
        [1, str('Running')],
        [7, time('2024-05-01T10:00:05Z')],
        [8, msg([1, str('app')], [2, msg([3, msg([1, int(0)], [2, int(0)], [3, str('Completed')])])], [4, bool(false)],
          [5, int(0)], [6, str('nginx')], [7, str('')])],
      )],
    ]);

  it('decodes metadata with owner references and managed fields', () => {
    expect(pod().metadata).toEqual({
      name: 'p', namespace: 'default', creationTimestamp: '2024-05-01T10:00:00Z',
      ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: 'u1', apiVersion: 'apps/v1', controller: true }],
      managedFields: [{
        manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2024-05-01T10:00:00Z', fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': {} },
      }],
    });
  });

  it('merges embedded structs (VolumeSource, LocalObjectReference, ProbeHandler, EphemeralContainerCommon) into their parent', () => {
    const spec = pod().spec as Record<string, unknown>;
    expect(spec.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'settings', defaultMode: 420 } },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    expect(spec.ephemeralContainers).toEqual([{ name: 'debug', image: 'busybox', stdin: true, targetContainerName: 'app' }]);
    const [app] = spec.containers as Record<string, unknown>[];
    expect(app!.env).toEqual([{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } }]);
    expect(app!.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 });
  });

  it('decodes resource maps of quantities and keeps pointer zeros (runAsUser: 0, terminationGracePeriodSeconds: 0)', () => {
    const spec = pod().spec as Record<string, unknown>;
    const [app] = spec.containers as Record<string, unknown>[];
    expect(app!.resources).toEqual({ limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } });
    expect(app!.securityContext).toEqual({ runAsUser: 0, runAsNonRoot: true });
    expect(spec.terminationGracePeriodSeconds).toBe(0);
    expect(spec.securityContext).toEqual({ supplementalGroups: [1000, 2000], fsGroup: 3000 });
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('keeps required zero values in status (exitCode: 0, ready: false, restartCount: 0, imageID: "")', () => {
    expect(pod().status).toEqual({
      phase: 'Running',
      startTime: '2024-05-01T10:00:05Z',
      containerStatuses: [{
        name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } }, ready: false, restartCount: 0,
        image: 'nginx', imageID: '',
      }],
    });
  });
});

describe('other kinds', () => {
  it('decodes a Node status: capacity quantities, heartbeat times, node info, the kubelet port', () => {
    const object = decode('v1', 'Node', [
      [1, objectMeta({ name: 'n1' })],
      [2, msg([4, bool(true)], [5, msg([1, str('k')], [2, str('')], [3, str('NoSchedule')])])],
      [3, msg(
        ...mapField(1, { cpu: quantity('4'), memory: quantity('8Gi') }),
        [4, msg([1, str('Ready')], [2, str('True')], [3, time('2024-05-01T10:00:00Z')], [4, time('2024-05-01T09:00:00Z')],
          [5, str('KubeletReady')], [6, str('ok')])],
        [5, msg([1, str('InternalIP')], [2, str('10.0.0.2')])],
        [6, msg([1, msg([1, int(10250)])])],
        [7, msg([1, str('m')], [2, str('s')], [3, str('b')], [4, str('6.1')], [5, str('Debian')], [6, str('containerd://1')],
          [7, str('v1.32.0')], [8, str('')], [9, str('linux')], [10, str('amd64')])],
        [8, msg([1, str('nginx:1.27')], [2, int(70_000_000)])],
      )],
    ]);
    expect(object.spec).toEqual({ unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }] });
    expect(object.status).toEqual({
      capacity: { cpu: '4', memory: '8Gi' },
      conditions: [{
        type: 'Ready', status: 'True', lastHeartbeatTime: '2024-05-01T10:00:00Z', lastTransitionTime: '2024-05-01T09:00:00Z',
        reason: 'KubeletReady', message: 'ok',
      }],
      addresses: [{ type: 'InternalIP', address: '10.0.0.2' }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: '6.1', osImage: 'Debian',
        containerRuntimeVersion: 'containerd://1', kubeletVersion: 'v1.32.0', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64',
      },
      images: [{ names: ['nginx:1.27'], sizeBytes: 70_000_000 }],
    });
  });

  it('decodes a Lease with micro-times', () => {
    const object = decode('coordination.k8s.io/v1', 'Lease', [
      [1, objectMeta({ name: 'n1', namespace: 'kube-node-lease' })],
      [2, msg([1, str('n1')], [2, int(40)], [4, msg([1, int(1714557600)], [2, int(123456000)])], [5, int(0)])],
    ]);
    expect(object.spec).toEqual({
      holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2024-05-01T10:00:00.123456Z', leaseTransitions: 0,
    });
  });

  it('decodes an Event: the zero eventTime is left out, reportingComponent "" is kept', () => {
    const object = decode('v1', 'Event', [
      [1, objectMeta({ name: 'p.1', namespace: 'default' })],
      [2, msg([1, str('Pod')], [2, str('default')], [3, str('p')], [4, str('u1')], [5, str('v1')], [6, str('')], [7, str('')])],
      [3, str('Scheduled')], [4, str('assigned')], [5, msg([1, str('default-scheduler')], [2, str('')])],
      [6, time('2024-05-01T10:00:00Z')], [7, time('2024-05-01T10:00:00Z')], [8, int(1)], [9, str('Normal')],
      [10, msg()], [12, str('')], [14, str('')], [15, str('')],
    ]);
    expect(object).toEqual({
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'p.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'p', uid: 'u1', apiVersion: 'v1' },
      reason: 'Scheduled', message: 'assigned', source: { component: 'default-scheduler' },
      firstTimestamp: '2024-05-01T10:00:00Z', lastTimestamp: '2024-05-01T10:00:00Z', count: 1, type: 'Normal',
      reportingComponent: '', reportingInstance: '',
    });
  });

  it('decodes an EndpointSlice, keeping ready: false (a pointer)', () => {
    const object = decode('discovery.k8s.io/v1', 'EndpointSlice', [
      [1, objectMeta({ name: 'web-abc', labels: { 'kubernetes.io/service-name': 'web' } })],
      [2, msg([1, str('10.1.0.5')], [2, msg([1, bool(false)], [2, bool(true)], [3, bool(true)])], [6, str('n1')])],
      [3, msg([1, str('')], [2, str('TCP')], [3, int(80)])],
      [4, str('IPv4')],
    ]);
    expect(object.endpoints).toEqual([
      { addresses: ['10.1.0.5'], conditions: { ready: false, serving: true, terminating: true }, nodeName: 'n1' },
    ]);
    expect(object.ports).toEqual([{ name: '', protocol: 'TCP', port: 80 }]);
    expect(object.addressType).toBe('IPv4');
  });

  it('decodes an Ingress rule, whose http sits in the embedded IngressRuleValue', () => {
    const backend = msg([4, msg([1, str('svc')], [2, msg([1, str('http')], [2, int(0)])])]);
    const path = msg([1, str('/')], [2, backend], [3, str('Prefix')]);
    const object = decode('networking.k8s.io/v1', 'Ingress', [
      [1, objectMeta({ name: 'i' })],
      [2, msg([3, msg([1, str('a.io')], [2, msg([1, msg([1, path])])])])],
    ]);
    expect(object.spec).toEqual({
      rules: [{
        host: 'a.io',
        http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc', port: { name: 'http' } } } }] },
      }],
    });
  });

  it('reads negative integers and unpacked repeated integers', () => {
    const object = decode('v1', 'Pod', [[2, msg([14, msg(...repeated(4, [int(5), int(6)]), [2, int(-1)])])]]);
    expect(object.spec).toEqual({ securityContext: { supplementalGroups: [5, 6], runAsUser: -1 } });
  });

  it('keeps a ServiceAccount\'s automountServiceAccountToken: false (a pointer) and its annotations', () => {
    const object = decode('v1', 'ServiceAccount', [
      [1, objectMeta({ name: 'bot', annotations: { b: '2', a: '1' } })],
      [4, bool(false)],
    ]);
    expect(object).toEqual({
      apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot', annotations: { a: '1', b: '2' } },
      automountServiceAccountToken: false,
    });
  });
});

describe('errors', () => {
  const fails = (body: Buffer): ProtobufDecodeError => {
    try {
      decodeKubernetesProtobuf(body);
    } catch (e) {
      expect(e).toBeInstanceOf(ProtobufDecodeError);
      return e as ProtobufDecodeError;
    }
    throw new Error('expected a ProtobufDecodeError');
  };

  it('names the message, the field number and the path of a field it does not know', () => {
    const error = fails(envelope('apps/v1', 'Deployment', [
      [2, msg([3, msg([2, msg([2, msg([1, str('app')], [25, msg()])])])])],
    ]));
    expect(error.message).toBe(
      'cannot decode spec.template.spec.containers[0] (io.k8s.api.core.v1.Container): field number 25 is not known to ' +
        'this server (the client is probably newer); send the object as JSON, or leave that field out',
    );
    expect(error.path).toBe('spec.template.spec.containers[0]');
  });

  it('rejects a wire type that does not fit the schema', () => {
    expect(fails(envelope('v1', 'ConfigMap', [[4, str('yes')]])).message).toBe(
      'cannot decode immutable (io.k8s.api.core.v1.ConfigMap): the field arrived as length-delimited but its type needs varint',
    );
  });

  it('places errors from truncated bytes', () => {
    // metadata holds a name whose length (5) runs past the end of the metadata message
    const body = envelope('v1', 'ConfigMap', [[1, { wireType: 2, payload: Uint8Array.from([0x02, 0x0a, 0x05]) }]]);
    expect(fails(body).message).toBe(
      'cannot decode metadata.name (io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta): malformed protobuf: ' +
        'length 5 runs past the end of the message at byte 1',
    );
  });

  it('refuses kinds this server does not serve', () => {
    expect(fails(envelope('apps/v1', 'StatefulSet', [])).message).toBe(
      'cannot decode a protobuf StatefulSet of apps/v1: this server does not serve that kind; send JSON instead',
    );
  });

  it('requires the k8s\\0 magic and a typed envelope', () => {
    expect(fails(Buffer.from('{"kind":"Pod"}')).message).toMatch(/does not start with the bytes "k8s\\0"/);
    expect(fails(Buffer.from('k8s\0', 'latin1')).message).toMatch(/does not say the apiVersion and kind/);
  });

  it('refuses encoded or non-protobuf payloads in the envelope', () => {
    const typeMeta = msg([1, str('v1')], [2, str('ConfigMap')]);
    expect(fails(Buffer.concat([MAGIC, encodeMessage([[1, typeMeta], [3, str('gzip')]])])).message).toBe(
      'the protobuf envelope declares content encoding "gzip", which this server does not support',
    );
    expect(fails(Buffer.concat([MAGIC, encodeMessage([[1, typeMeta], [4, str('application/json')]])])).message).toMatch(
      /declares its object as "application\/json"/,
    );
  });

  it('does not guess: an IntOrString of type 2 is an error', () => {
    const error = fails(envelope('v1', 'Service', [[2, msg([1, msg([3, int(80)], [4, msg([1, int(2)])])])]]));
    expect(error.message).toBe(
      'cannot decode spec.ports[0].targetPort (io.k8s.api.core.v1.ServicePort): IntOrString has type 2; ' +
        'only 0 (integer) and 1 (string) exist',
    );
  });
});
