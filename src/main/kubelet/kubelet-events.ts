/**
 * The Events a kubelet records about pods, with upstream's reasons and message wording
 * (pkg/kubelet/events, kuberuntime, images): Pulling, Pulled, Failed, BackOff, ErrImageNeverPull,
 * Created, Started, Killing, SandboxChanged, FailedMount. (Unhealthy is recorded by the probe manager;
 * Scheduled is the scheduler's.) A kubelet without a recorder records nothing (scale runs).
 */
import type { EventRecorder } from '../client/event-recorder.js';
import { formatPod, type Pod } from './api-types.js';

/** Go's `time.Duration.String()`: `0s`, `250ms`, `10s`, `1m20s`, `5m0s`, `1h0m0s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${trim(ms)}ms`;
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds - h * 3600 - m * 60;
  if (h > 0) return `${h}h${m}m${trim(s)}s`;
  if (m > 0) return `${m}m${trim(s)}s`;
  return `${trim(s)}s`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(3)));
}

export class PodEvents {
  constructor(private readonly recorder: EventRecorder | undefined) {}

  pulling(pod: Pod, image: string): void {
    this.normal(pod, 'Pulling', `Pulling image "${image}"`);
  }

  pulled(pod: Pod, image: string, tookMs: number, sizeBytes: number): void {
    const took = goDuration(tookMs);
    this.normal(pod, 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${sizeBytes} bytes.`);
  }

  alreadyPresent(pod: Pod, image: string): void {
    this.normal(pod, 'Pulled', `Container image "${image}" already present on machine`);
  }

  pullFailed(pod: Pod, image: string, error: string): void {
    this.warning(pod, 'Failed', `Failed to pull image "${image}": ${error}`);
  }

  pullBackOff(pod: Pod, image: string): void {
    this.normal(pod, 'BackOff', `Back-off pulling image "${image}"`);
  }

  neverPull(pod: Pod, image: string): void {
    this.warning(pod, 'ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
  }

  /** `Error: <reason or message>` after a failed start (ErrImagePull, ImagePullBackOff, ...). */
  failed(pod: Pod, what: string): void {
    this.warning(pod, 'Failed', `Error: ${what}`);
  }

  created(pod: Pod, container: string): void {
    this.normal(pod, 'Created', `Created container: ${container}`);
  }

  started(pod: Pod, container: string): void {
    this.normal(pod, 'Started', `Started container ${container}`);
  }

  /** `message` replaces `Stopping container X` (e.g. a liveness kill). */
  killing(pod: Pod, container: string, message?: string): void {
    this.normal(pod, 'Killing', message ?? `Stopping container ${container}`);
  }

  crashBackOff(pod: Pod, container: string): void {
    this.warning(pod, 'BackOff', `Back-off restarting failed container ${container} in pod ${formatPod(pod)}`);
  }

  sandboxChanged(pod: Pod): void {
    this.normal(pod, 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
  }

  sandboxFailed(pod: Pod, error: string): void {
    this.warning(pod, 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${error}`);
  }

  /** A volume could not be set up (or refreshed): upstream's `MountVolume.SetUp failed` wording. */
  failedMount(pod: Pod, volume: string, error: string): void {
    this.warning(pod, 'FailedMount', `MountVolume.SetUp failed for volume "${volume}" : ${error}`);
  }

  private normal(pod: Pod, reason: string, message: string): void {
    void this.recorder?.event(pod, 'Normal', reason, message);
  }

  private warning(pod: Pod, reason: string, message: string): void {
    void this.recorder?.event(pod, 'Warning', reason, message);
  }
}
