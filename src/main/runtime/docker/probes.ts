/**
 * Probes of Docker containers, run inside the pod: exec probes in the container itself; httpGet
 * and tcpSocket probes in the pod's sandbox container, which shares the pod's network namespace,
 * with busybox's `wget` and `nc` against 127.0.0.1 (or the probe's `host`). Nothing is ever sent
 * from the host to a container IP, so this works on Docker Desktop too.
 *
 * This needs a sandbox image with busybox (`timeout`, `wget`, `nc`). A bare pause image has none:
 * then network probes answer `unknown` with "probe not supported by this sandbox image" (upstream
 * counts `unknown` as a failure); exec probes still work.
 */
import type Dockerode from 'dockerode';
import type { RuntimeProbeRequest, RuntimeProbeResult } from '../types.js';
import { EXEC_TIMEOUT_EXIT_CODE, runToCompletion } from './exec.js';
import { isNotFound } from './errors.js';
import { sandboxIdOf } from './names.js';

/** Exit codes of a command that could not be run (126: not executable, 127: not found). */
const CANNOT_RUN = new Set([126, 127]);
/** Exit code of busybox `timeout` when it had to stop the command (SIGTERM). */
const TIMEOUT_TERM_EXIT_CODE = 143;

function seconds(t: number): string {
  return String(Math.max(1, Math.ceil(t)));
}

function hostPart(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** The URL an httpGet probe fetches from inside the pod. */
export function probeUrl(http: NonNullable<RuntimeProbeRequest['httpGet']>): string {
  const path = http.path.startsWith('/') ? http.path : `/${http.path}`;
  return `${http.scheme.toLowerCase()}://${hostPart(http.host || '127.0.0.1')}:${http.port}${path}`;
}

/** The busybox command line, run in the sandbox, for an httpGet or tcpSocket probe. */
export function networkProbeCommand(request: RuntimeProbeRequest): string[] | undefined {
  const t = seconds(request.timeoutSeconds);
  if (request.httpGet) {
    const http = request.httpGet;
    const headers = http.headers.flatMap((h) => ['--header', `${h.name}: ${h.value}`]);
    const agent = http.headers.some((h) => h.name.toLowerCase() === 'user-agent') ? [] : ['-U', 'kube-probe/pilothouse'];
    const tls = http.scheme === 'HTTPS' ? ['--no-check-certificate'] : [];
    // busybox wget's own -T crashes in some static builds; `timeout` bounds the whole request instead.
    return ['timeout', t, 'wget', '-q', '-O', '-', ...tls, ...agent, ...headers, probeUrl(http)];
  }
  if (request.tcpSocket) {
    // `-e true` runs `true` once connected: exit 0 on connect, 1 when refused.
    return ['timeout', t, 'nc', '-w', t, request.tcpSocket.host || '127.0.0.1', String(request.tcpSocket.port), '-e', 'true'];
  }
  return undefined;
}

/** What a network probe's exit code and output mean. */
export function networkProbeResult(request: RuntimeProbeRequest, r: { exitCode: number; output: string }, sandboxImage: string): RuntimeProbeResult {
  const output = r.output.trim();
  const target = request.httpGet ? `Get "${probeUrl(request.httpGet)}"` : `dial tcp ${request.tcpSocket?.host || '127.0.0.1'}:${request.tcpSocket?.port}`;
  if (r.exitCode === 0) return { result: 'success', output };
  if (CANNOT_RUN.has(r.exitCode) || /executable file not found|can't execute/i.test(output)) {
    return {
      result: 'unknown',
      output:
        `probe not supported by this sandbox image (${sandboxImage}): it has no busybox "timeout", "wget" and "nc" to run ` +
        `${request.httpGet ? 'httpGet' : 'tcpSocket'} probes inside the pod; configure the Docker runtime's sandboxImage with one ` +
        `built from busybox, or use an exec probe (${output || `exit code ${r.exitCode}`})`,
    };
  }
  if (r.exitCode === TIMEOUT_TERM_EXIT_CODE || r.exitCode === EXEC_TIMEOUT_EXIT_CODE) {
    return { result: 'failure', output: `${target}: timed out after ${seconds(request.timeoutSeconds)}s` };
  }
  return { result: 'failure', output: `${target}: ${output || `exit code ${r.exitCode}`}` };
}

/** Runs one probe attempt against `containerId` (see the file comment for how). */
export async function runDockerProbe(docker: Dockerode, containerId: string, request: RuntimeProbeRequest): Promise<RuntimeProbeResult> {
  let info: Dockerode.ContainerInspectInfo;
  try {
    info = await docker.getContainer(containerId).inspect();
  } catch (e) {
    if (isNotFound(e)) return { result: 'unknown', output: `container ${containerId} not found` };
    throw e;
  }
  if (!info.State.Running) return { result: 'unknown', output: `container ${containerId} is not running` };
  if (request.exec) {
    const r = await runToCompletion(docker.getContainer(containerId), request.exec.command, request.timeoutSeconds);
    if (r.exitCode === 0) return { result: 'success', output: r.output };
    if (r.exitCode === EXEC_TIMEOUT_EXIT_CODE) return { result: 'failure', output: r.output };
    return { result: 'failure', output: `command ${JSON.stringify(request.exec.command.join(' '))} exited with ${r.exitCode}: ${r.output}` };
  }
  if (request.grpc) return { result: 'unknown', output: 'gRPC probes are not supported by the Docker runtime: use an exec, httpGet or tcpSocket probe' };
  const command = networkProbeCommand(request);
  if (!command) return { result: 'unknown', output: 'probe has no handler' };
  const sandboxId = sandboxIdOf(info.HostConfig.NetworkMode);
  if (!sandboxId) return { result: 'unknown', output: `container ${containerId} is not in a pod sandbox (network mode ${info.HostConfig.NetworkMode})` };
  const sandbox = docker.getContainer(sandboxId);
  // The probe's own `timeout` ends it first; the outer bound only guards against a stuck exec.
  const r = await runToCompletion(sandbox, command, request.timeoutSeconds + 2);
  const image = r.exitCode === 0 ? '' : await sandbox.inspect().then((s) => s.Config.Image, () => 'unknown');
  return networkProbeResult(request, r, image);
}
