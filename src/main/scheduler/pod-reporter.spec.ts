import { describe, expect, it } from 'vitest';
import { podScheduledFalsePatch } from './pod-reporter.js';
import { makePod } from './testing/fixtures.js';

const now = new Date('2026-03-01T10:00:00Z');

describe('podScheduledFalsePatch', () => {
  it('sets PodScheduled=False with reason and message, transition time now', () => {
    expect(podScheduledFalsePatch(makePod('p'), 'Unschedulable', '0/1 nodes are available', now)).toEqual({
      status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available', lastProbeTime: null, lastTransitionTime: '2026-03-01T10:00:00Z' }] },
    });
  });

  it('writes nothing when the pod already says exactly that', () => {
    const pod = makePod('p');
    pod.status!.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'm', lastTransitionTime: '2026-01-01T00:00:00Z' }];
    expect(podScheduledFalsePatch(pod, 'Unschedulable', 'm', now)).toBeUndefined();
  });

  it('keeps the transition time when only the message changes', () => {
    const pod = makePod('p');
    pod.status!.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: 'old', lastTransitionTime: '2026-01-01T00:00:00Z' }];
    const patch = podScheduledFalsePatch(pod, 'Unschedulable', 'new', now) as { status: { conditions: { lastTransitionTime: string }[] } };
    expect(patch.status.conditions[0].lastTransitionTime).toBe('2026-01-01T00:00:00Z');
  });
});
