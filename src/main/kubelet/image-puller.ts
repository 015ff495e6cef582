/**
 * ImagePuller: makes a container's image present before it starts, after upstream
 * `imageManager.EnsureImageExists`: `imagePullPolicy` Never (present or ErrImageNeverPull),
 * IfNotPresent (pull when missing), Always (pull every start); a failed pull is ErrImagePull and
 * opens a per-(pod, image) backoff window during which the next attempts are ImagePullBackOff
 * without pulling. The default policy is the API server's (Always for `:latest` or no tag).
 */
import { ImagePullError, type ContainerRuntime } from '../runtime/types.js';
import type { Container, Pod } from './api-types.js';
import type { Backoff } from './backoff.js';
import type { TimerClock } from './clock.js';
import type { PodEvents } from './kubelet-events.js';
import { pullProgress } from './pull-progress.js';

export type PullOutcome =
  | { ok: true; imageId: string }
  | { ok: false; reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull'; message: string; retryAfterMs: number };

/** Upstream defaulting: `Always` for `:latest` or untagged images, else `IfNotPresent`. */
export function pullPolicy(container: Container): 'Always' | 'IfNotPresent' | 'Never' {
  const p = container.imagePullPolicy;
  if (p === 'Always' || p === 'IfNotPresent' || p === 'Never') return p;
  const image = container.image ?? '';
  if (image.includes('@')) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.indexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export class ImagePuller {
  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly backoff: Backoff,
    private readonly clock: TimerClock,
    private readonly events: PodEvents,
  ) {}

  async ensure(pod: Pod, container: Container): Promise<PullOutcome> {
    const image = container.image ?? '';
    const policy = pullPolicy(container);
    const present = await this.runtime.imageStatus(image);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (present) {
        this.events.alreadyPresent(pod, image);
        return { ok: true, imageId: present.id };
      }
      this.events.neverPull(pod, image);
      return { ok: false, reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never`, retryAfterMs: 0 };
    }
    const key = `${pod.metadata.uid}_${image}`;
    const now = this.clock.now().getTime();
    if (this.backoff.isInBackOffSinceUpdate(key, now)) {
      const message = `Back-off pulling image "${image}"`;
      this.events.pullBackOff(pod, image);
      return { ok: false, reason: 'ImagePullBackOff', message, retryAfterMs: this.remaining(key, now) };
    }
    this.events.pulling(pod, image);
    // Progress for the cockpit's bars (not part of the API): per node and image.
    const node = pod.spec?.nodeName ?? '';
    pullProgress.start(node, image, `${pod.metadata.namespace}/${pod.metadata.name}`);
    try {
      const info = await this.runtime.pullImage(image, (p) => pullProgress.progress(node, image, p));
      pullProgress.finish(node, image);
      this.events.pulled(pod, image, this.clock.now().getTime() - now, info.sizeBytes);
      return { ok: true, imageId: info.id };
    } catch (e) {
      const message = e instanceof ImagePullError || e instanceof Error ? e.message : String(e);
      pullProgress.finish(node, image, message);
      this.events.pullFailed(pod, image, message);
      this.backoff.next(key, this.clock.now().getTime());
      // Look again within the window, so the pod shows ImagePullBackOff between attempts as upstream's does.
      return { ok: false, reason: 'ErrImagePull', message, retryAfterMs: Math.max(1, Math.floor(this.backoff.get(key) / 2)) };
    }
  }

  /** Forgets the pod's pull failures. */
  forgetPod(podUid: string): void {
    this.backoff.resetPrefix(`${podUid}_`);
  }

  private remaining(key: string, now: number): number {
    return Math.max(1, this.backoff.remainingSinceUpdate(key, now));
  }
}
