import { describe, expect, it } from 'vitest';
import { BUSYBOX_SANDBOX_COMMAND, sandboxCommandFor } from './docker-runtime.js';
import { sandboxCreateOptions } from './container-spec.js';

describe('the sandbox command', () => {
  it('makes a busybox sandbox sleep and leaves other images to their own command', () => {
    expect(sandboxCommandFor('busybox:1.36')).toEqual(BUSYBOX_SANDBOX_COMMAND);
    expect(sandboxCommandFor('docker.io/library/busybox@sha256:abc')).toEqual(BUSYBOX_SANDBOX_COMMAND);
    expect(sandboxCommandFor('localhost:5000/busybox')).toEqual(BUSYBOX_SANDBOX_COMMAND);
    expect(sandboxCommandFor('registry.k8s.io/pause:3.10')).toBeUndefined();
    expect(sandboxCommandFor('example.com/busybox-tools:1')).toBeUndefined();
  });

  it('puts the command on the sandbox container only when given', () => {
    const config = { podUid: 'u-1', podName: 'web', podNamespace: 'default', node: 'node-1', hostname: 'web', labels: {} };
    expect(sandboxCreateOptions({ config, image: 'busybox:1.36', command: ['sleep', '9'], network: 'n', runtimeLabels: {}, attempt: 0 }).Cmd).toEqual(['sleep', '9']);
    expect(sandboxCreateOptions({ config, image: 'pause', network: 'n', runtimeLabels: {}, attempt: 0 }).Cmd).toBeUndefined();
  });
});
