import { describe, expect, it } from 'vitest';
import type { Pod } from '../../apiserver/kinds/pod-types.js';
import type { Service } from '../../apiserver/kinds/service-types.js';
import { findPort, podIP, selectsPod, shouldPodBeInEndpoints } from './pod-endpoints.js';
import { desiredSubsets } from './subsets.js';

function pod(extra: Partial<Pod> = {}, ip = '10.1.0.1', ready = true): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'u', labels: { app: 'a' } },
    spec: {
      containers: [{ name: 'c', ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] }],
      initContainers: [{ name: 'sidecar', restartPolicy: 'Always', ports: [{ name: 'proxy', containerPort: 15001 }] }],
    },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    ...extra,
  } as Pod;
}

const svc = (spec: Service['spec'] = {}): Service => ({ metadata: { name: 's', namespace: 'ns' }, spec: { selector: { app: 'a' }, ...spec } });

describe('pod endpoints', () => {
  it('resolves numeric and named target ports by name and protocol, sidecars included', () => {
    const p = pod();
    expect(findPort(p, { port: 80, targetPort: 9000 })).toBe(9000);
    expect(findPort(p, { port: 80 })).toBe(80);
    expect(findPort(p, { port: 80, targetPort: 'http' })).toBe(8080);
    expect(findPort(p, { port: 53, targetPort: 'dns', protocol: 'UDP' })).toBe(53);
    expect(findPort(p, { port: 53, targetPort: 'dns', protocol: 'TCP' })).toBeUndefined();
    expect(findPort(p, { port: 1, targetPort: 'proxy' })).toBe(15001);
  });

  it('leaves out finished pods, pods without an IP and (unless asked) terminating pods', () => {
    expect(shouldPodBeInEndpoints(pod(), false)).toBe(true);
    expect(shouldPodBeInEndpoints(pod({ status: { phase: 'Succeeded', podIP: '10.1.0.1' } }), true)).toBe(false);
    expect(shouldPodBeInEndpoints(pod({ status: { phase: 'Pending' } }), true)).toBe(false);
    const terminating = pod();
    terminating.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(shouldPodBeInEndpoints(terminating, false)).toBe(false);
    expect(shouldPodBeInEndpoints(terminating, true)).toBe(true);
  });

  it('picks the IP of the Service family and matches selectors within the namespace', () => {
    const dual = pod({}, '10.1.0.9');
    dual.status!.podIPs = [{ ip: '10.1.0.9' }, { ip: 'fd00::9' }];
    expect(podIP(dual, 'IPv6')).toBe('fd00::9');
    expect(selectsPod(svc(), pod())).toBe(true);
    expect(selectsPod({ ...svc(), metadata: { name: 's', namespace: 'other' } }, pod())).toBe(false);
    expect(selectsPod(svc({ selector: {} }), pod())).toBe(false);
    expect(selectsPod(svc({ type: 'ExternalName', externalName: 'x.example.com' }), pod())).toBe(false);
  });

  it('lists a headless Service without ports by address only, and caps Endpoints at 1000 addresses', () => {
    expect(desiredSubsets(svc({ clusterIP: 'None' }), [pod()]).subsets).toEqual([
      { addresses: [{ ip: '10.1.0.1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'u' } }] },
    ]);
    expect(desiredSubsets(svc(), [pod()]).subsets).toEqual([]);
    const many = Array.from({ length: 1001 }, (_, i) => {
      const p = pod({}, `10.2.${Math.floor(i / 250)}.${i % 250}`);
      p.metadata = { ...p.metadata, name: `p${i}`, uid: `u${i}` };
      return p;
    });
    const result = desiredSubsets(svc({ ports: [{ port: 80, targetPort: 'http' }] }), many);
    expect(result.truncated).toBe(true);
    expect(result.subsets[0].addresses).toHaveLength(1000);
  });
});
