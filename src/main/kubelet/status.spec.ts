/** Pod status generation: phase rules, restart policies, conditions and waiting reasons. */
import { describe, expect, it } from 'vitest';
import type { ContainerStatus as RuntimeContainer, PodSandbox } from '../runtime/types.js';
import type { ApiContainerStatus, Pod } from './api-types.js';
import { getPhase, shouldContainerBeRestarted } from './phase.js';
import { generatePodStatus, type PodStatusInput, type WaitingReason } from './status.js';

const T0 = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
const at = (s: number) => new Date(T0.getTime() + s * 1000);

function pod(spec: Partial<NonNullable<Pod['spec']>> = {}, extra: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'uid-1' },
    spec: { containers: [{ name: 'app', image: 'busybox:1.36' }], ...spec },
    status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' } as never] },
    ...extra,
  };
}

let seq = 0;
function instance(name: string, state: RuntimeContainer['state'], o: Partial<RuntimeContainer> = {}): RuntimeContainer {
  seq++;
  return {
    id: `${name}-${seq}`.padEnd(12, '0'), podUid: 'uid-1', name, image: 'busybox:1.36', imageId: 'sha256:abc', state,
    createdAt: at(seq), startedAt: state === 'created' ? undefined : at(seq), restartCount: 0, labels: {},
    ...(state === 'exited' ? { finishedAt: at(seq + 0.5), exitCode: 0, reason: 'Completed' } : {}),
    ...o,
  };
}

const sandbox: PodSandbox = { id: 'sb', podUid: 'uid-1', podName: 'p', podNamespace: 'default', state: 'ready', ip: '10.244.0.9', createdAt: T0, labels: {} };

function input(p: Pod, containers: RuntimeContainer[], o: Partial<PodStatusInput> = {}): PodStatusInput {
  return {
    pod: p, oldStatus: (p.status ?? {}) as PodStatusInput['oldStatus'], sandbox, containers, waitingReasons: new Map(),
    isReady: () => true, isStarted: () => true, podIsTerminal: false, hostIP: '172.31.0.2', runtimeName: 'simulated', now: at(100), ...o,
  };
}

function cs(name: string, state: ApiContainerStatus['state'], lastState: ApiContainerStatus['lastState'] = {}): ApiContainerStatus {
  return { name, state, lastState, ready: false, restartCount: 0, image: 'x', imageID: '' };
}

const running = { running: { startedAt: '2026-01-01T00:00:00Z' } };
const exited = (exitCode: number) => ({ terminated: { exitCode } });
const waiting = (reason: string) => ({ waiting: { reason } });

describe('getPhase', () => {
  it('is Pending while a container waits without having run, Running once all have started', () => {
    const p = pod({ containers: [{ name: 'a' }, { name: 'b' }] });
    expect(getPhase(p, [cs('a', running), cs('b', waiting('ContainerCreating'))], false, true)).toBe('Pending');
    expect(getPhase(p, [cs('a', running)], false, true)).toBe('Pending'); // b unknown
    expect(getPhase(p, [cs('a', running), cs('b', running)], false, true)).toBe('Running');
    expect(getPhase(p, [cs('a', running), cs('b', exited(1))], false, true)).toBe('Running');
  });

  it('all stopped: Always stays Running; all exit 0 is Succeeded; Never with a failure is Failed; OnFailure restarting is Running', () => {
    const statuses = (a: number, b: number) => [cs('a', exited(a)), cs('b', exited(b))];
    const spec = (restartPolicy: string) => pod({ containers: [{ name: 'a' }, { name: 'b' }], restartPolicy });
    expect(getPhase(spec('Always'), statuses(0, 0), false, true)).toBe('Running');
    expect(getPhase(spec('OnFailure'), statuses(0, 0), false, true)).toBe('Succeeded');
    expect(getPhase(spec('Never'), statuses(0, 0), false, true)).toBe('Succeeded');
    expect(getPhase(spec('Never'), statuses(0, 1), false, true)).toBe('Failed');
    expect(getPhase(spec('OnFailure'), statuses(0, 1), false, true)).toBe('Running');
    // a crash-looping container (waiting after a termination) counts as stopped
    expect(getPhase(spec('OnFailure'), [cs('a', exited(0)), cs('b', waiting('CrashLoopBackOff'), exited(1))], false, true)).toBe('Running');
  });

  it('a terminal pod (being deleted) is Succeeded or Failed whatever the policy', () => {
    const p = pod({ containers: [{ name: 'a' }], restartPolicy: 'Always' });
    expect(getPhase(p, [cs('a', exited(0))], true, true)).toBe('Succeeded');
    expect(getPhase(p, [cs('a', exited(137))], true, true)).toBe('Failed');
  });

  it('init containers: pending keeps the pod Pending; a failure under Never fails it', () => {
    const p = (restartPolicy: string) => pod({ initContainers: [{ name: 'init' }], containers: [{ name: 'a' }], restartPolicy });
    const app = cs('a', waiting('PodInitializing'));
    expect(getPhase(p('Always'), [cs('init', running), app], false, false)).toBe('Pending');
    expect(getPhase(p('Always'), [cs('init', exited(1)), app], false, false)).toBe('Pending');
    expect(getPhase(p('Never'), [cs('init', exited(1)), app], false, false)).toBe('Failed');
    expect(getPhase(p('Never'), [cs('init', exited(0)), cs('a', running)], false, true)).toBe('Running');
  });
});

describe('shouldContainerBeRestarted', () => {
  const c = { name: 'app' };
  it('follows the restart policy for exited containers and never restarts a deleting pod', () => {
    expect(shouldContainerBeRestarted(pod(), c, false, undefined)).toBe(true);
    expect(shouldContainerBeRestarted(pod(), c, false, instance('app', 'running'))).toBe(false);
    expect(shouldContainerBeRestarted(pod({ restartPolicy: 'OnFailure' }), c, false, instance('app', 'exited'))).toBe(false);
    expect(shouldContainerBeRestarted(pod({ restartPolicy: 'OnFailure' }), c, false, instance('app', 'exited', { exitCode: 2 }))).toBe(true);
    expect(shouldContainerBeRestarted(pod({ restartPolicy: 'Never' }), c, false, instance('app', 'exited', { exitCode: 2 }))).toBe(false);
    const deleting = pod({}, { metadata: { name: 'p', uid: 'uid-1', deletionTimestamp: '2026-01-01T00:00:00Z' } });
    expect(shouldContainerBeRestarted(deleting, c, false, undefined)).toBe(false);
  });
});

describe('generatePodStatus', () => {
  it('a new pod: Pending, ContainerCreating, not ready, startTime and IPs set, PodScheduled kept', () => {
    const s = generatePodStatus(input(pod(), [], { sandbox: undefined }));
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses).toEqual([
      { name: 'app', state: { waiting: { reason: 'ContainerCreating' } }, lastState: {}, ready: false, restartCount: 0, image: 'busybox:1.36', imageID: '', started: false },
    ]);
    const conds = Object.fromEntries(s.conditions!.map((c) => [c.type, c]));
    expect(conds.PodReadyToStartContainers).toMatchObject({ status: 'False' });
    expect(conds.Initialized).toMatchObject({ status: 'True' });
    expect(conds.ContainersReady).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' });
    expect(conds.Ready).toMatchObject({ status: 'False', reason: 'ContainersNotReady' });
    expect(conds.PodScheduled).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' });
    expect(s.startTime).toBe('2026-01-01T00:01:40Z');
    expect(s.hostIP).toBe('172.31.0.2');
    expect(s.podIP).toBeUndefined();
    expect(s.qosClass).toBe('BestEffort');
  });

  it('a running ready container: Running, ready, started, containerID with the runtime prefix', () => {
    const c = instance('app', 'running');
    const s = generatePodStatus(input(pod(), [c]));
    expect(s.phase).toBe('Running');
    expect(s.containerStatuses![0]).toMatchObject({ ready: true, started: true, containerID: `simulated://${c.id}`, imageID: 'sha256:abc', state: { running: { startedAt: expect.any(String) } } });
    expect(s.podIP).toBe('10.244.0.9');
    expect(s.podIPs).toEqual([{ ip: '10.244.0.9' }]);
    expect(s.conditions!.filter((x) => x.status === 'True').map((x) => x.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });

  it('readiness gates the Ready condition; startup gates ready', () => {
    const c = instance('app', 'running');
    const notReady = generatePodStatus(input(pod(), [c], { isReady: () => false }));
    expect(notReady.containerStatuses![0]).toMatchObject({ ready: false, started: true });
    const notStarted = generatePodStatus(input(pod(), [c], { isStarted: () => false }));
    expect(notStarted.containerStatuses![0]).toMatchObject({ ready: false, started: false });
    const gated = pod({ readinessGates: [{ conditionType: 'example.com/lb' }] });
    const s = generatePodStatus(input(gated, [c]));
    expect(s.conditions!.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'False', reason: 'ReadinessGatesNotReady', message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.',
    });
  });

  it('a crash-looping container waits with CrashLoopBackOff, its last exit in lastState, restartCount from the runtime', () => {
    const prev = instance('app', 'exited', { exitCode: 1, reason: 'Error', restartCount: 1 });
    const cur = instance('app', 'exited', { exitCode: 1, reason: 'Error', restartCount: 2 });
    const reasons = new Map<string, WaitingReason>([['app', { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=app pod=p_default(uid-1)' }]]);
    const s = generatePodStatus(input(pod(), [prev, cur], { waitingReasons: reasons }));
    const st = s.containerStatuses![0];
    expect(s.phase).toBe('Running');
    expect(st.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=app pod=p_default(uid-1)' } });
    expect(st.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error', containerID: `simulated://${cur.id}` });
    expect(st.restartCount).toBe(2);
  });

  it('image pull failures wait with ErrImagePull / ImagePullBackOff and keep the pod Pending', () => {
    for (const reason of ['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull']) {
      const s = generatePodStatus(input(pod(), [], { waitingReasons: new Map([['app', { reason, message: 'm' }]]) }));
      expect(s.phase).toBe('Pending');
      expect(s.containerStatuses![0].state).toEqual({ waiting: { reason, message: 'm' } });
    }
  });

  it('with init containers: app containers wait PodInitializing; a completed init container is ready and Initialized is True', () => {
    const p = pod({ initContainers: [{ name: 'init', image: 'busybox:1.36' }] });
    const s1 = generatePodStatus(input(p, [instance('init', 'running')]));
    expect(s1.containerStatuses![0].state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(s1.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init]' });
    const s2 = generatePodStatus(input(p, [instance('init', 'exited'), instance('app', 'running')]));
    expect(s2.initContainerStatuses![0]).toMatchObject({ ready: true, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(s2.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'True' });
    expect(s2.phase).toBe('Running');
  });

  it('keeps lastTransitionTime while a condition holds, and a terminal phase once reached', () => {
    const first = generatePodStatus(input(pod(), [instance('app', 'running')], { now: at(10) }));
    const p2 = pod({}, { status: first as Pod['status'] });
    const again = generatePodStatus(input(p2, [instance('app', 'running')], { now: at(20) }));
    expect(again.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime).toBe(first.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime);
    const done = pod({ restartPolicy: 'Never' }, { status: { ...first, phase: 'Succeeded' } as Pod['status'] });
    expect(generatePodStatus(input(done, [instance('app', 'created')])).phase).toBe('Succeeded');
  });

  it('succeeded pods report PodCompleted; other writers conditions are kept first', () => {
    const p = pod({ restartPolicy: 'OnFailure' }, {
      status: { phase: 'Running', conditions: [{ type: 'DisruptionTarget', status: 'True' }] } as Pod['status'],
    });
    const s = generatePodStatus(input(p, [instance('app', 'exited')]));
    expect(s.phase).toBe('Succeeded');
    expect(s.conditions![0]).toEqual({ type: 'DisruptionTarget', status: 'True' });
    expect(s.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(s.conditions!.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'True', reason: 'PodCompleted' });
  });
});
