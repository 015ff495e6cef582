import { describe, expect, it } from 'vitest';
import { podStatusCells } from './pod-status.js';
import type { Pod } from './pod-types.js';

const now = new Date('2024-05-01T12:00:00Z');

function pod(status: Pod['status'], spec: Pod['spec'] = { containers: [{ name: 'app' }] }, deletionTimestamp?: string): Pod {
  return { metadata: { name: 'p', deletionTimestamp }, spec, status };
}

describe('pod STATUS/READY/RESTARTS', () => {
  it('Pending with no container statuses', () => {
    expect(podStatusCells(pod({ phase: 'Pending' }), now)).toEqual({ ready: '0/1', status: 'Pending', restarts: '0' });
  });

  it('waiting reason wins: ContainerCreating', () => {
    const p = pod({ phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] });
    expect(podStatusCells(p, now).status).toBe('ContainerCreating');
  });

  it('Running and ready', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: { startedAt: '2024-05-01T11:00:00Z' } } }] });
    expect(podStatusCells(p, now)).toEqual({ ready: '1/1', status: 'Running', restarts: '0' });
  });

  it('CrashLoopBackOff with restarts and the time of the last one', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2024-05-01T11:55:00Z' } },
        },
      ],
    });
    expect(podStatusCells(p, now)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '5 (5m ago)' });
  });

  it('Completed for a container that exited 0', () => {
    const p = pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
    expect(podStatusCells(p, now).status).toBe('Completed');
  });

  it('ExitCode and Signal when the terminated reason is empty', () => {
    const p = pod({ phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 3 } } }] });
    expect(podStatusCells(p, now).status).toBe('ExitCode:3');
    const q = pod({ phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 137, signal: 9 } } }] });
    expect(podStatusCells(q, now).status).toBe('Signal:9');
  });

  it('init container progress: Init:0/2 then Init:1/2', () => {
    const spec = { initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'app' }] };
    const first = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'a', state: { running: {} } }, { name: 'b', state: { waiting: { reason: 'PodInitializing' } } }] }, spec);
    expect(podStatusCells(first, now).status).toBe('Init:0/2');
    const second = pod(
      { phase: 'Pending', initContainerStatuses: [{ name: 'a', state: { terminated: { exitCode: 0 } } }, { name: 'b', state: { running: {} } }] },
      spec,
    );
    expect(podStatusCells(second, now).status).toBe('Init:1/2');
  });

  it('init container failures show Init:<reason>', () => {
    const spec = { initContainers: [{ name: 'a' }], containers: [{ name: 'app' }] };
    const crash = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'a', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, spec);
    expect(podStatusCells(crash, now)).toMatchObject({ status: 'Init:CrashLoopBackOff', restarts: '2' });
    const failed = pod({ phase: 'Failed', initContainerStatuses: [{ name: 'a', state: { terminated: { exitCode: 1, reason: 'Error' } } }] }, spec);
    expect(podStatusCells(failed, now).status).toBe('Init:Error');
  });

  it('sidecar init containers count towards READY', () => {
    const spec = { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }] };
    const p = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [{ name: 'proxy', started: true, ready: true, state: { running: {} } }],
        containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }],
      },
      spec,
    );
    expect(podStatusCells(p, now)).toEqual({ ready: '2/2', status: 'Running', restarts: '0' });
  });

  it('Terminating while the deletion timestamp is set', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] }, undefined, '2024-05-01T11:59:00Z');
    expect(podStatusCells(p, now).status).toBe('Terminating');
  });

  it('status.reason overrides the phase (Evicted)', () => {
    expect(podStatusCells(pod({ phase: 'Failed', reason: 'Evicted' }), now).status).toBe('Evicted');
  });

  it('SchedulingGated from the PodScheduled condition', () => {
    const p = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
    expect(podStatusCells(p, now).status).toBe('SchedulingGated');
  });
});
