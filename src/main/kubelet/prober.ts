/**
 * `Prober`: runs one probe attempt against one container instance. The kubelet's default,
 * `RuntimeProber`, resolves named ports and hands the attempt to the runtime when it can run
 * probes itself (`ProbeRunner`: Docker reaches published ports, the simulated runtime answers from
 * its simulation); otherwise exec probes go through `execSync` and network probes are reported as
 * errored, which counts as a failure.
 */
import type { HTTPGetAction, Probe } from '../apiserver/kinds/pod-types.js';
import { canRunProbes, type ContainerRuntime, type ProbeKind, type RuntimeProbeRequest, type RuntimeProbeResult } from '../runtime/types.js';
import type { Container, Pod } from './api-types.js';

export interface ProbeTarget {
  pod: Pod;
  container: Container;
  containerId: string;
}

export interface Prober {
  probe(kind: ProbeKind, probe: Probe, target: ProbeTarget): Promise<RuntimeProbeResult>;
}

/** A port given by number or by the name of one of the container's ports. */
export function resolvePort(port: number | string | undefined, container: Container): number | undefined {
  if (typeof port === 'number') return port;
  if (port === undefined || port === '') return undefined;
  if (/^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/** The runtime request for `probe`, or an error message when its port cannot be resolved. */
export function probeRequest(kind: ProbeKind, probe: Probe, container: Container): RuntimeProbeRequest | string {
  const timeoutSeconds = probe.timeoutSeconds || 1;
  if (probe.exec) return { kind, exec: { command: probe.exec.command ?? [] }, timeoutSeconds };
  if (probe.httpGet) {
    const http: HTTPGetAction = probe.httpGet;
    const port = resolvePort(http.port, container);
    if (port === undefined) return `unable to resolve port ${JSON.stringify(http.port)} of container ${container.name}`;
    return {
      kind, timeoutSeconds,
      httpGet: { port, path: http.path || '/', scheme: http.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP', host: http.host, headers: http.httpHeaders ?? [] },
    };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, container);
    if (port === undefined) return `unable to resolve port ${JSON.stringify(probe.tcpSocket.port)} of container ${container.name}`;
    return { kind, timeoutSeconds, tcpSocket: { port, host: probe.tcpSocket.host } };
  }
  if (probe.grpc?.port !== undefined) return { kind, timeoutSeconds, grpc: { port: probe.grpc.port, service: probe.grpc.service } };
  return 'probe has no handler';
}

export class RuntimeProber implements Prober {
  constructor(private readonly runtime: ContainerRuntime) {}

  async probe(kind: ProbeKind, probe: Probe, target: ProbeTarget): Promise<RuntimeProbeResult> {
    const request = probeRequest(kind, probe, target.container);
    if (typeof request === 'string') return { result: 'unknown', output: request };
    if (canRunProbes(this.runtime)) return this.runtime.runProbe(target.containerId, request);
    if (request.exec) {
      const r = await this.runtime.execSync(target.containerId, request.exec.command, request.timeoutSeconds);
      return r.exitCode === 0
        ? { result: 'success', output: r.output }
        : { result: 'failure', output: `command ${JSON.stringify(request.exec.command.join(' '))} exited with ${r.exitCode}: ${r.output}` };
    }
    return { result: 'unknown', output: `the ${this.runtime.name} runtime cannot run network probes` };
  }
}
