import { describe, expect, it } from 'vitest';
import { serviceStrategy, type Service } from './service.js';
import { errorTexts } from './spec-support.js';

function svc(spec: Service['spec']): Service {
  const s: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec };
  serviceStrategy.defaults(s);
  return s;
}

describe('service defaults', () => {
  it('fills type, affinity, protocols, target ports and IP families', () => {
    const s = svc({ selector: { app: 'web' }, ports: [{ port: 80 }, { name: 'https', port: 443, targetPort: 'https' }] });
    expect(s.spec).toEqual({
      selector: { app: 'web' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' },
      ],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('NodePort and LoadBalancer get externalTrafficPolicy', () => {
    expect(svc({ type: 'NodePort', ports: [{ port: 80 }] }).spec?.externalTrafficPolicy).toBe('Cluster');
    expect(svc({ type: 'LoadBalancer', ports: [{ port: 80 }] }).spec).toMatchObject({ externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
  });

  it('ClientIP affinity gets a 3h timeout; clusterIP and clusterIPs agree', () => {
    const s = svc({ sessionAffinity: 'ClientIP', clusterIP: '10.96.0.10', ports: [{ port: 53, protocol: 'UDP' }] });
    expect(s.spec?.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(s.spec?.clusterIPs).toEqual(['10.96.0.10']);
  });
});

describe('service validation', () => {
  it('a defaulted service is valid', () => {
    expect(serviceStrategy.validate(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }))).toEqual([]);
  });

  it('requires ports and names them when there are several', () => {
    expect(errorTexts(serviceStrategy.validate(svc({})))).toEqual(['spec.ports: Required value']);
    expect(errorTexts(serviceStrategy.validate(svc({ ports: [{ port: 80 }, { port: 443 }] })))).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].name: Required value',
    ]);
  });

  it('port numbers, protocols and types', () => {
    const errs = errorTexts(serviceStrategy.validate(svc({ type: 'Magic', ports: [{ port: 0, protocol: 'HTTP' }] })));
    expect(errs).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  it('duplicate ports and node ports on ClusterIP services', () => {
    const errs = errorTexts(serviceStrategy.validate(svc({ ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 80 }] })));
    expect(errs).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
      'spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}',
    ]);
  });

  it('clusterIP may not change once set', () => {
    const old = svc({ clusterIP: '10.96.0.10', ports: [{ port: 80 }] });
    const next = svc({ clusterIP: '10.96.0.11', ports: [{ port: 80 }] });
    expect(errorTexts(serviceStrategy.validateUpdate(next, old))).toEqual([
      'spec.clusterIPs[0]: Invalid value: ["10.96.0.11"]: may not change once set',
    ]);
    expect(serviceStrategy.validateUpdate(structuredClone(old), old)).toEqual([]);
  });

  it('service names must be DNS-1035 labels', () => {
    expect(serviceStrategy.nameRule).toBe('dns1035');
  });
});

describe('service table', () => {
  const now = new Date('2024-05-01T12:00:00Z');
  it('TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR', () => {
    const s = svc({ type: 'NodePort', clusterIP: '10.96.1.2', selector: { tier: 'web', app: 'shop' }, ports: [{ port: 80, nodePort: 30080 }, { port: 53, protocol: 'UDP' }] });
    s.metadata.creationTimestamp = '2024-05-01T11:55:00Z';
    expect(serviceStrategy.table.cells(s, now)).toEqual(['NodePort', '10.96.1.2', '<none>', '80:30080/TCP,53/UDP', '5m', 'app=shop,tier=web']);
  });

  it('LoadBalancer without ingress is <pending>; headless shows None', () => {
    const lb = svc({ type: 'LoadBalancer', clusterIP: '10.96.1.3', ports: [{ port: 443 }] });
    expect(serviceStrategy.table.cells(lb, now).slice(0, 3)).toEqual(['LoadBalancer', '10.96.1.3', '<pending>']);
    lb.status = { loadBalancer: { ingress: [{ ip: '172.18.0.10' }] } };
    expect(serviceStrategy.table.cells(lb, now)[2]).toBe('172.18.0.10');
    const headless = svc({ clusterIP: 'None', selector: { app: 'db' } });
    expect(serviceStrategy.table.cells(headless, now).slice(1, 4)).toEqual(['None', '<none>', '<none>']);
  });

  it('field selectors', () => {
    expect(serviceStrategy.fieldSelectors(svc({ clusterIP: 'None' }))).toEqual({ 'spec.clusterIP': 'None', 'spec.type': 'ClusterIP' });
  });
});
