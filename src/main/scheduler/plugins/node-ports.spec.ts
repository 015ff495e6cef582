import { describe, expect, it } from 'vitest';
import { HostPortInfo } from '../cache/host-ports.js';
import { makeNode, makeNodeInfo, makePod, podInfo } from '../testing/fixtures.js';
import { checkHostPorts, ERR_REASON_PORTS } from './node-ports.js';

function used(...ports: { ip: string; protocol: string; port: number }[]): HostPortInfo {
  const info = new HostPortInfo();
  for (const p of ports) info.add(p);
  return info;
}

describe('NodePorts', () => {
  it('takes host ports from the pod: IP defaults to 0.0.0.0, protocol to TCP; container-only ports are ignored', () => {
    const pod = podInfo('p', { hostPorts: [{ port: 80 }, { port: 53, protocol: 'UDP', ip: '127.0.0.1' }] });
    expect(pod.hostPorts).toEqual([{ ip: '0.0.0.0', protocol: 'TCP', port: 80 }, { ip: '127.0.0.1', protocol: 'UDP', port: 53 }]);
    expect(podInfo('q', { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] }).hostPorts).toEqual([]);
  });

  it('conflicts on the same IP, protocol and port', () => {
    const u = used({ ip: '10.0.0.1', protocol: 'TCP', port: 80 });
    expect(checkHostPorts([{ ip: '10.0.0.1', protocol: 'TCP', port: 80 }], u)).toMatchObject({ code: 'Unschedulable', reasons: [ERR_REASON_PORTS] });
    expect(checkHostPorts([{ ip: '10.0.0.2', protocol: 'TCP', port: 80 }], u).code).toBe('Success');
    expect(checkHostPorts([{ ip: '10.0.0.1', protocol: 'UDP', port: 80 }], u).code).toBe('Success');
    expect(checkHostPorts([{ ip: '10.0.0.1', protocol: 'TCP', port: 81 }], u).code).toBe('Success');
  });

  it('treats 0.0.0.0 as every IP, in both directions', () => {
    expect(checkHostPorts([{ ip: '0.0.0.0', protocol: 'TCP', port: 80 }], used({ ip: '10.0.0.1', protocol: 'TCP', port: 80 })).code).toBe('Unschedulable');
    expect(checkHostPorts([{ ip: '10.0.0.1', protocol: 'TCP', port: 80 }], used({ ip: '0.0.0.0', protocol: 'TCP', port: 80 })).code).toBe('Unschedulable');
  });

  it('frees ports when pods leave the node', () => {
    const node = makeNodeInfo(makeNode('n'), [makePod('a', { hostPorts: [{ port: 8080 }], nodeName: 'n' })]);
    const want = podInfo('b', { hostPorts: [{ port: 8080 }] }).hostPorts;
    expect(checkHostPorts(want, node.usedPorts).code).toBe('Unschedulable');
    node.removePod('uid-default-a');
    expect(checkHostPorts(want, node.usedPorts).code).toBe('Success');
  });
});
