/**
 * What the scheduler tells the API about pods, as upstream does: a `Scheduled` event after a
 * binding, and after a failed attempt a `FailedScheduling` Warning event plus the pod's
 * `PodScheduled=False` condition (reason `Unschedulable` or `SchedulerError`), written through
 * `pods/{name}/status` only when it changes. Writes run in the background with limited
 * concurrency; a failed write is logged and dropped (the next attempt writes again).
 */
import type { ApiClient } from '../client/api-client.js';
import type { EventRecorder } from '../client/event-recorder.js';
import { rfc3339, type Clock } from '../util/time.js';
import { PODS, type Pod, type PodCondition } from './api-types.js';
import { ConcurrencyLimiter } from './limiter.js';

export type FailureReason = 'Unschedulable' | 'SchedulerError';

/** Upstream caps condition messages; events are capped by the recorder's API server. */
const MAX_CONDITION_MESSAGE = 32 * 1024;

/**
 * The strategic-merge patch that sets `PodScheduled=False` with this reason and message, or
 * undefined when the pod already says exactly that. The transition time moves only when the
 * condition's status changes.
 */
export function podScheduledFalsePatch(pod: Pod, reason: FailureReason, message: string, now: Date): object | undefined {
  const text = message.length > MAX_CONDITION_MESSAGE ? `${message.slice(0, MAX_CONDITION_MESSAGE - 3)}...` : message;
  const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (current?.status === 'False' && current.reason === reason && current.message === text) return undefined;
  const condition: PodCondition = {
    type: 'PodScheduled',
    status: 'False',
    reason,
    message: text,
    lastProbeTime: null,
    lastTransitionTime: current?.status === 'False' && current.lastTransitionTime ? current.lastTransitionTime : rfc3339(now),
  };
  return { status: { conditions: [condition] } };
}

export class PodReporter {
  private readonly writes: ConcurrencyLimiter;

  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
    private readonly clock: Clock,
    concurrency = 16,
  ) {
    this.writes = new ConcurrencyLimiter(concurrency);
  }

  /** Records a failed attempt: the Warning event and, if it changed, the pod condition. */
  failed(pod: Pod, reason: FailureReason, message: string): void {
    const object = asPod(pod);
    void this.writes.run(() => this.recorder.event(object, 'Warning', 'FailedScheduling', message));
    const patch = podScheduledFalsePatch(pod, reason, message, this.clock.now());
    if (!patch) return;
    const { namespace, name } = pod.metadata;
    void this.writes
      .run(() => this.client.patch(PODS, namespace, name!, patch, 'strategic', 'status'))
      .catch((e: Error) => console.warn(`scheduler: could not set PodScheduled=False on pod ${namespace}/${name}: ${e.message}`));
  }

  /** Records a successful binding. */
  scheduled(pod: Pod, node: string): void {
    const message = `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`;
    void this.writes.run(() => this.recorder.event(asPod(pod), 'Normal', 'Scheduled', message));
  }

  /** Resolves when every started write has finished. */
  idle(): Promise<void> {
    return this.writes.idle();
  }
}

/** Informer objects may lack kind / apiVersion; events need them for `involvedObject`. */
function asPod(pod: Pod): Pod {
  return pod.kind && pod.apiVersion ? pod : { ...pod, apiVersion: 'v1', kind: 'Pod' };
}
