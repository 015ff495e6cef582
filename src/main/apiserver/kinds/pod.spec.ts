import { describe, expect, it } from 'vitest';
import { imagePullPolicyFor } from './pod-spec-defaults.js';
import { podStrategy, type Pod } from './pod.js';
import { errorTexts } from './spec-support.js';

function newPod(spec: Pod['spec'] = { containers: [{ name: 'web', image: 'nginx:1.27' }] }): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec };
}

function defaulted(spec?: Pod['spec']): Pod {
  const p = newPod(spec);
  podStrategy.defaults(p);
  return p;
}

function errorsOf(spec: Pod['spec']): string[] {
  return errorTexts(podStrategy.validate(defaulted(spec)));
}

describe('pod defaults', () => {
  it('fills the PodSpec the way a real cluster does', () => {
    const p = defaulted({
      containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } }],
    });
    expect(p.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      securityContext: {},
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
    });
    expect(p.spec?.containers?.[0]).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      resources: {},
      ports: [{ containerPort: 80, protocol: 'TCP' }],
      readinessProbe: { timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, httpGet: { path: '/', port: 80, scheme: 'HTTP' } },
    });
  });

  it('pull policy follows the tag', () => {
    expect(imagePullPolicyFor('nginx')).toBe('Always');
    expect(imagePullPolicyFor('nginx:latest')).toBe('Always');
    expect(imagePullPolicyFor('nginx:1.27')).toBe('IfNotPresent');
    expect(imagePullPolicyFor('localhost:5000/app')).toBe('Always');
    expect(imagePullPolicyFor('nginx@sha256:abc')).toBe('IfNotPresent');
  });

  it('requests default to limits and quantities are canonical', () => {
    const p = defaulted({ containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '0.5', memory: '1024Mi' } } }] });
    expect(p.spec?.containers?.[0].resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
  });

  it('volumes without a source become emptyDir; file modes default to 0644', () => {
    const p = defaulted({ containers: [{ name: 'a', image: 'x:1' }], volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }] });
    expect(p.spec?.volumes).toEqual([{ name: 'scratch', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } }]);
  });

  it('is idempotent', () => {
    const once = defaulted();
    const twice = structuredClone(once);
    podStrategy.defaults(twice);
    expect(twice).toEqual(once);
  });
});

describe('pod validation', () => {
  it('a defaulted pod is valid', () => {
    expect(errorsOf({ containers: [{ name: 'web', image: 'nginx:1.27' }] })).toEqual([]);
  });

  it('requires containers and images', () => {
    expect(errorsOf({})).toContain('spec.containers: Required value');
    expect(errorsOf({ containers: [{ name: 'web' }] })).toEqual(['spec.containers[0].image: Required value']);
  });

  it('container names are unique DNS labels', () => {
    const errs = errorsOf({ containers: [{ name: 'a', image: 'x:1' }, { name: 'a', image: 'y:1' }, { name: 'B', image: 'z:1' }] });
    expect(errs[0]).toBe('spec.containers[1].name: Duplicate value: "a"');
    expect(errs[1]).toMatch(/^spec\.containers\[2\]\.name: Invalid value: "B": a lowercase RFC 1123 label must consist of/);
  });

  it('restartPolicy must be a known value', () => {
    expect(errorsOf({ restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'x:1' }] })).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });

  it('container ports are in range, protocols known', () => {
    const errs = errorsOf({ containers: [{ name: 'a', image: 'x:1', ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: 'HTTP' }] }] });
    expect(errs).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('resources: quantities parse and requests stay within limits', () => {
    const errs = errorsOf({ containers: [{ name: 'a', image: 'x:1', resources: { limits: { cpu: '100m' }, requests: { cpu: '200m', memory: 'lots' } } }] });
    expect(errs).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "200m": must be less than or equal to cpu limit of 100m',
      "spec.containers[0].resources.requests[memory]: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ]);
  });

  it('volume mounts must name a volume', () => {
    const errs = errorsOf({ containers: [{ name: 'a', image: 'x:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] });
    expect(errs).toEqual(['spec.containers[0].volumeMounts[0].name: Invalid value: "data": not found']);
  });

  it('probes need exactly one handler; liveness successThreshold must be 1', () => {
    const errs = errorsOf({ containers: [{ name: 'a', image: 'x:1', livenessProbe: { successThreshold: 2 }, readinessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } }] });
    expect(errs).toEqual([
      'spec.containers[0].livenessProbe: Required value: must specify a handler type',
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
      'spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ]);
  });

  it('env needs names and exactly one valueFrom source', () => {
    const errs = errorsOf({ containers: [{ name: 'a', image: 'x:1', env: [{ value: 'x' }, { name: 'B', valueFrom: {} }] }] });
    expect(errs).toEqual([
      'spec.containers[0].env[0].name: Required value',
      'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
    ]);
  });

  it('init containers may not have probes unless they are sidecars', () => {
    const errs = errorsOf({ initContainers: [{ name: 'i', image: 'x:1', readinessProbe: { exec: { command: ['true'] } } }], containers: [{ name: 'a', image: 'x:1' }] });
    expect(errs).toEqual(['spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always']);
  });

  it('tolerations follow the operator rules', () => {
    const errs = errorsOf({ containers: [{ name: 'a', image: 'x:1' }], tolerations: [{ operator: 'Equal', value: 'x' }] });
    expect(errs).toEqual(['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"']);
  });
});

describe('pod updates', () => {
  const old = defaulted({ containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }] });

  it('may change the image', () => {
    const next = structuredClone(old);
    next.spec!.containers![0].image = 'nginx:1.28';
    expect(podStrategy.validateUpdate(next, old)).toEqual([]);
  });

  it('may not change anything else', () => {
    const next = structuredClone(old);
    next.spec!.containers![0].env = [{ name: 'A', value: '2' }];
    const errs = errorTexts(podStrategy.validateUpdate(next, old));
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
    expect(errs[0]).toContain('spec.containers[0].env[0].value');
  });

  it('may not add containers', () => {
    const next = structuredClone(old);
    next.spec!.containers!.push({ name: 'b', image: 'x:1' });
    podStrategy.defaults(next);
    expect(errorTexts(podStrategy.validateUpdate(next, old))).toContain('spec.containers: Forbidden: pod updates may not add or remove containers');
  });

  it('may add tolerations and shorten activeDeadlineSeconds', () => {
    const next = structuredClone(old);
    next.spec!.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }];
    next.spec!.activeDeadlineSeconds = 30;
    expect(podStrategy.validateUpdate(next, old)).toEqual([]);
    const longer = structuredClone(next);
    longer.spec!.activeDeadlineSeconds = 60;
    expect(errorTexts(podStrategy.validateUpdate(longer, next))).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value',
    ]);
  });
});

describe('pod table and field selectors', () => {
  it('prints READY STATUS RESTARTS AGE and the wide columns', () => {
    const p = defaulted();
    p.metadata.creationTimestamp = '2024-05-01T11:00:00Z';
    p.spec!.nodeName = 'node-1';
    p.status = { phase: 'Running', podIPs: [{ ip: '10.244.0.5' }], containerStatuses: [{ name: 'web', ready: true, state: { running: {} } }] };
    expect(podStrategy.table.columns.map((c) => `${c.name}/${c.priority}`)).toEqual([
      'Ready/0', 'Status/0', 'Restarts/0', 'Age/0', 'IP/1', 'Node/1', 'Nominated Node/1', 'Readiness Gates/1',
    ]);
    expect(podStrategy.table.cells(p, new Date('2024-05-01T12:00:00Z'))).toEqual(['1/1', 'Running', '0', '60m', '10.244.0.5', 'node-1', '<none>', '<none>']);
  });

  it('exposes the upstream field selectors', () => {
    const p = defaulted();
    p.spec!.nodeName = 'node-1';
    p.status = { phase: 'Running', podIP: '10.0.0.1' };
    expect(podStrategy.fieldSelectors(p)).toEqual({
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.1',
      'status.nominatedNodeName': '',
    });
  });
});
