/**
 * Does a Docker engine answer here? A `ping` with a deadline, and when it does not answer, a
 * message that says what to do (per platform), shown by the desktop app instead of failing.
 */
import Docker from 'dockerode';

export interface DockerStatus {
  available: boolean;
  message?: string;
}

export async function probeDocker(options: { socketPath?: string; timeoutMs?: number } = {}): Promise<DockerStatus> {
  const docker = options.socketPath ? new Docker({ socketPath: options.socketPath }) : new Docker();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${(options.timeoutMs ?? 3000) / 1000}s`)), options.timeoutMs ?? 3000))),
    ]);
    return { available: true };
  } catch (e) {
    return { available: false, message: dockerMissingMessage((e as Error).message) };
  } finally {
    clearTimeout(timer);
  }
}

export function dockerMissingMessage(reason: string, platform = process.platform): string {
  const start = platform === 'linux'
    ? 'Install Docker Engine (e.g. `sudo apt-get install docker.io`), start it (`sudo systemctl start docker`) and add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again).'
    : 'Install and start Docker Desktop (https://www.docker.com/products/docker-desktop/).';
  return `Docker is not reachable (${reason}), so pods cannot run real containers. ${start} Then restart Pilothouse. Until then the cluster runs on simulated nodes.`;
}
