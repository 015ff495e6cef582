/** The in-pod command lines of network probes and what their results mean (pure). */
import { describe, expect, it } from 'vitest';
import type { RuntimeProbeRequest } from '../types.js';
import { networkProbeCommand, networkProbeResult, probeUrl } from './probes.js';

const http: RuntimeProbeRequest = {
  kind: 'readiness', timeoutSeconds: 2,
  httpGet: { port: 8080, path: 'healthz', scheme: 'HTTP', headers: [{ name: 'X-A', value: 'b c' }] },
};
const tcp: RuntimeProbeRequest = { kind: 'liveness', timeoutSeconds: 0.5, tcpSocket: { port: 5432 } };

describe('network probe commands', () => {
  it('fetches the URL with busybox wget inside the pod, bounded by timeout', () => {
    expect(networkProbeCommand(http)).toEqual(['timeout', '2', 'wget', '-q', '-O', '-', '-U', 'kube-probe/pilothouse', '--header', 'X-A: b c', 'http://127.0.0.1:8080/healthz']);
    const https = { ...http, httpGet: { ...http.httpGet!, scheme: 'HTTPS' as const, host: '::1', headers: [{ name: 'User-Agent', value: 'me' }] } };
    expect(networkProbeCommand(https)).toEqual(['timeout', '2', 'wget', '-q', '-O', '-', '--no-check-certificate', '--header', 'User-Agent: me', 'https://[::1]:8080/healthz']);
    expect(probeUrl({ port: 80, path: '/', scheme: 'HTTP', headers: [], host: 'localhost' })).toBe('http://localhost:80/');
  });

  it('connects with busybox nc', () => {
    expect(networkProbeCommand(tcp)).toEqual(['timeout', '1', 'nc', '-w', '1', '127.0.0.1', '5432', '-e', 'true']);
    expect(networkProbeCommand({ kind: 'liveness', timeoutSeconds: 1, exec: { command: ['true'] } })).toBeUndefined();
  });

  it('interprets exit codes and output', () => {
    expect(networkProbeResult(http, { exitCode: 0, output: 'ok\n' }, 'sb')).toEqual({ result: 'success', output: 'ok' });
    expect(networkProbeResult(http, { exitCode: 1, output: 'wget: server returned error: HTTP/1.1 500 Internal Server Error\n' }, 'sb')).toEqual({
      result: 'failure', output: 'Get "http://127.0.0.1:8080/healthz": wget: server returned error: HTTP/1.1 500 Internal Server Error',
    });
    expect(networkProbeResult(tcp, { exitCode: 143, output: 'Terminated' }, 'sb')).toEqual({ result: 'failure', output: 'dial tcp 127.0.0.1:5432: timed out after 1s' });
    const unsupported = networkProbeResult(tcp, { exitCode: 126, output: 'OCI runtime exec failed: exec: "timeout": executable file not found in $PATH' }, 'registry.k8s.io/pause:3.10');
    expect(unsupported.result).toBe('unknown');
    expect(unsupported.output).toMatch(/^probe not supported by this sandbox image \(registry\.k8s\.io\/pause:3\.10\): .*sandboxImage.*exec probe/);
  });
});
