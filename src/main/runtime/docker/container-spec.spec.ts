/** The Docker create requests of sandboxes and app containers (pure). */
import { describe, expect, it } from 'vitest';
import { testContainerConfig, testSandboxConfig } from '../testing/pod-configs.js';
import { LABELS } from '../types.js';
import { containerCreateOptions, dockerMount, hostBindIp, MIN_MEMORY_BYTES, MIN_NANO_CPUS, sandboxCreateOptions } from './container-spec.js';

const pod = testSandboxConfig('node-a', 'web', { podUid: '0f1e2d3c-aaaa-bbbb-cccc-000000000000' });
const runtimeLabels = { 'pilothouse.cluster': 'c1' };

describe('sandboxCreateOptions', () => {
  it('owns the pod network: node network, hostname, DNS, loopback-only ports, init, labels', () => {
    const o = sandboxCreateOptions({
      config: {
        ...pod,
        portMappings: [
          { containerPort: 80, hostPort: 30080, protocol: 'TCP' },
          { containerPort: 80, hostPort: 30081, protocol: 'TCP', hostIp: '0.0.0.0' },
          { containerPort: 53, hostPort: 30053, protocol: 'UDP', hostIp: '127.0.0.2' },
        ],
        dns: { servers: ['10.96.0.10'], searches: ['default.svc.cluster.local'], options: ['ndots:5'] },
      },
      image: 'pause', network: 'pilothouse', runtimeLabels, attempt: 2,
    });
    expect(o.name).toBe('pilothouse_node-a_web_default_POD_2_0f1e2d3c');
    expect(o).toMatchObject({ Image: 'pause', Hostname: 'web', ExposedPorts: { '80/tcp': {}, '53/udp': {} } });
    expect(o.HostConfig).toMatchObject({
      Init: true, NetworkMode: 'pilothouse', IpcMode: 'shareable', RestartPolicy: { Name: 'no' },
      Dns: ['10.96.0.10'], DnsSearch: ['default.svc.cluster.local'], DnsOptions: ['ndots:5'],
      PortBindings: {
        '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '30080' }, { HostIp: '127.0.0.1', HostPort: '30081' }],
        '53/udp': [{ HostIp: '127.0.0.2', HostPort: '30053' }],
      },
    });
    expect(o.Labels).toMatchObject({ ...runtimeLabels, [LABELS.role]: 'sandbox', [LABELS.podUid]: pod.podUid, [LABELS.node]: 'node-a' });
  });

  it('leaves DNS to Docker when none is given', () => {
    const o = sandboxCreateOptions({ config: pod, image: 'pause', network: 'n', runtimeLabels: {}, attempt: 0 });
    expect(o.HostConfig).not.toHaveProperty('Dns');
    expect(o.HostConfig?.PortBindings).toEqual({});
  });

  it('publishes on loopback only', () => {
    expect(hostBindIp(undefined)).toBe('127.0.0.1');
    expect(hostBindIp('0.0.0.0')).toBe('127.0.0.1');
    expect(hostBindIp('192.168.1.5')).toBe('127.0.0.1');
    expect(hostBindIp('127.0.0.5')).toBe('127.0.0.5');
  });
});

describe('containerCreateOptions', () => {
  const sandboxLabels = { [LABELS.node]: 'node-a', [LABELS.podName]: 'web', [LABELS.podNamespace]: 'default' };
  const build = (extra: Parameters<typeof testContainerConfig>[3]) =>
    containerCreateOptions({ config: testContainerConfig(pod, 'app', 'busybox', extra), sandboxId: 'sb1', sandboxLabels, runtimeLabels });

  it('joins the sandbox and carries every label', () => {
    const o = build({ restartCount: 3 });
    expect(o.name).toBe('pilothouse_node-a_web_default_app_3_0f1e2d3c');
    expect(o.HostConfig).toMatchObject({ NetworkMode: 'container:sb1', IpcMode: 'container:sb1', Init: false });
    expect(o.Labels).toMatchObject({
      ...runtimeLabels, [LABELS.node]: 'node-a', [LABELS.podUid]: pod.podUid, [LABELS.podName]: 'web', [LABELS.podNamespace]: 'default',
      [LABELS.containerName]: 'app', [LABELS.role]: 'container', [LABELS.restartCount]: '3',
    });
    expect(o).not.toHaveProperty('Hostname'); // inherited from the sandbox
  });

  it('maps command to ENTRYPOINT and args to CMD, as Kubernetes does', () => {
    expect(build({})).not.toHaveProperty('Entrypoint');
    expect(build({})).not.toHaveProperty('Cmd');
    expect(build({ command: ['sh', '-c'], args: ['echo hi'] })).toMatchObject({ Entrypoint: ['sh', '-c'], Cmd: ['echo hi'] });
    expect(build({ command: ['sleep', '1'] })).not.toHaveProperty('Cmd');
    expect(build({ args: ['x'] })).not.toHaveProperty('Entrypoint');
  });

  it('maps env, working dir, tty/stdin, limits (raised to Docker minimums) and mounts', () => {
    const o = build({
      env: { A: '1', B: 'x=y' }, workingDir: '/w', tty: true, stdin: true, cpuLimit: 0.25, memoryLimit: 128 * 1024 * 1024,
      mounts: [{ hostPath: '/data', containerPath: '/d', readOnly: true }, { volumeName: 'vol', containerPath: '/v' }],
    });
    expect(o).toMatchObject({ Env: ['A=1', 'B=x=y'], WorkingDir: '/w', Tty: true, OpenStdin: true, StdinOnce: false });
    expect(o.HostConfig).toMatchObject({
      NanoCpus: 250_000_000, Memory: 128 * 1024 * 1024, MemorySwap: 128 * 1024 * 1024,
      Mounts: [{ Type: 'bind', Source: '/data', Target: '/d', ReadOnly: true }, { Type: 'volume', Source: 'vol', Target: '/v', ReadOnly: false }],
    });
    expect(build({ cpuLimit: 0.001, memoryLimit: 1024 }).HostConfig).toMatchObject({ NanoCpus: MIN_NANO_CPUS, Memory: MIN_MEMORY_BYTES });
    expect(build({}).HostConfig).not.toHaveProperty('NanoCpus');
  });

  it('refuses a mount with no source or two', () => {
    expect(() => dockerMount({ containerPath: '/x' })).toThrow(/mount at \/x has neither hostPath nor volumeName/);
    expect(() => dockerMount({ containerPath: '/x', hostPath: '/a', volumeName: 'v' })).toThrow(/names both/);
  });
});
